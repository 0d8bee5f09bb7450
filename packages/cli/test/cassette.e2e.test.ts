// Record and replay through the built CLI: `dinoai mock-server --record` in front of the HTTP mock
// (the upstream, with credentials only the recorder holds), `dinoai run --json` through it, the
// cassette replayed by `dinoai mock-server --replay`, and `dinoai cassette check`.
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkCassette, createMockDinoAi, startMockDinoAiServer } from '@dinoai/testing'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type CliResult, collect, ndjson, runCliProcess, startCli, waitForOutput } from './spawn-cli.js'

const FAST = ['--poll-interval', '0.01']
const KEY = 'cli-rec-key-0123456789'
const SECRET = 'cli-rec-secret-abcdefghij'
const RUN = ['run', '--agent', 'tools', '--message', 'Check stg_orders', '--steps', '--json', ...FAST]

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dinoai-cli-cassette-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A local server started as a child; the environment its banner says to paste, and its result once stopped. */
async function serve(args: readonly string[], env: Record<string, string> = {}) {
  const child = startCli(['mock-server', '--port', '0', ...args], { env })
  const done = collect(child)
  const banner = await waitForOutput(child, /Press Ctrl-C to stop/)
  const exports = Object.fromEntries(
    [...banner.matchAll(/export (PARADIME_\w+)=(\S+)/g)].map((m) => [
      m[1] as string,
      (m[2] as string).replace(/^'|'$/g, ''),
    ]),
  )
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(banner)?.[1] ?? ''
  const stop = (): Promise<CliResult> => {
    child.kill('SIGTERM')
    return done
  }
  return { child, url, exports, stop }
}

/** NDJSON lines with each session id replaced by its order of first appearance. */
function sessionsNumbered(stdout: string): unknown {
  const seen = new Map<string, string>()
  const text = stdout.replace(/dinoai-agent-[0-9a-f]{12}/g, (id) => {
    if (!seen.has(id)) seen.set(id, `<id-${seen.size + 1}>`)
    return seen.get(id) ?? id
  })
  return ndjson(text)
}

async function upstreamServer() {
  const upstream = await startMockDinoAiServer({ credentials: { apiKey: KEY, apiSecret: SECRET } })
  upstream.script({ agent: 'tools' }, [
    { status: 'RUNNING', tool: { name: 'run_sql', input: 'SELECT count(*) FROM stg_orders' } },
    {
      message: { role: 'agent', content: `312 rows without a customer (checked with ${KEY}).` },
      status: 'COMPLETED',
    },
  ])
  return upstream
}

test('dinoai run --json recorded through --record gives the same NDJSON replayed by --replay', async () => {
  const file = join(dir, 'cassettes', 'run.ndjson')
  const upstream = await upstreamServer()
  let recorded: CliResult
  try {
    const recorder = await serve(['--record', upstream.url, '--cassette', file], {
      PARADIME_API_KEY: KEY,
      PARADIME_API_SECRET: SECRET,
    })
    // The caller holds no credentials of its own: the recorder adds them.
    expect(recorder.exports.PARADIME_API_KEY).not.toBe(KEY)
    expect(Object.values(recorder.exports)).not.toContain(SECRET)
    recorded = await runCliProcess(RUN, { env: recorder.exports })
    const stopped = await recorder.stop()
    expect(stopped.code).toBe(0)
    expect(stopped.stderr).toMatch(/^Recorded \d+ exchanges to .*run\.ndjson\.$/m)
    expect(upstream.requests.every((r) => r.status === 200)).toBe(true)
  } finally {
    await upstream.close()
  }
  expect(recorded.code).toBe(0)
  expect(ndjson(recorded.stdout).at(-1)).toMatchObject({ type: 'run', run: { status: 'COMPLETED' } })
  const text = readFileSync(file, 'utf8')
  expect(text).not.toContain(KEY)
  expect(text).not.toContain(SECRET)

  const checked = await runCliProcess(['cassette', 'check', file])
  expect(checked.code).toBe(0)
  expect(checked.stdout).toMatch(
    /run\.ndjson: \d+ exchanges, 1 session\(s\) over \d+\.\d s, recorded 20\d\d-.*: every recorded answer fits the schema\.\n$/,
  )

  const replay = await serve(['--replay', file])
  const replayed = await runCliProcess(RUN, { env: replay.exports })
  const stopped = await replay.stop()
  expect(replayed.stderr).toBe(recorded.stderr)
  expect(replayed.code).toBe(0)
  // The one intended difference: the key the agent quoted was redacted in the cassette.
  expect(recorded.stdout).toContain(KEY)
  expect(sessionsNumbered(replayed.stdout)).toEqual(
    sessionsNumbered(recorded.stdout.replaceAll(KEY, '[redacted]')),
  )
  // Fresh ids: the replay did not hand out the recorded one.
  expect(ndjson(replayed.stdout)[0]?.agentSessionId).not.toBe(ndjson(recorded.stdout)[0]?.agentSessionId)
  expect(stopped.code).toBe(0)
  expect(stopped.stderr).toContain(`Every recorded exchange of ${file} was used.`)
})

test('a recorder killed with SIGKILL leaves a valid cassette of every exchange it finished', async () => {
  const file = join(dir, 'killed.ndjson')
  let arrived: () => void = () => {}
  const stalled = new Promise<void>((resolve) => {
    arrived = resolve
  })
  // The third request stalls upstream until its connection goes away: in flight when the recorder dies.
  const upstream = await startMockDinoAiServer({
    sleep: (_ms, signal) => {
      arrived()
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)))
    },
  })
  let recorder: ChildProcess | undefined
  try {
    const started = await serve(['--record', upstream.url, '--cassette', file], { PARADIME_API_KEY: KEY })
    recorder = started.child
    const post = (query: string) =>
      fetch(started.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      })
    expect((await post('mutation { triggerDinoaiAgentRun(agent: "a") { agentSessionId } }')).status).toBe(200)
    expect((await post('mutation { triggerDinoaiAgentRun(agent: "b") { agentSessionId } }')).status).toBe(200)
    upstream.failNext(1, { kind: 'slow', delayMs: 1 })
    const inFlight = post('mutation { triggerDinoaiAgentRun(agent: "c") { agentSessionId } }').catch(
      (e: unknown) => e,
    )
    await stalled
    const exited = collect(started.child)
    started.child.kill('SIGKILL')
    expect((await exited).signal).toBe('SIGKILL')
    expect(await inFlight).toBeInstanceOf(TypeError)
  } finally {
    recorder?.kill('SIGKILL')
    await upstream.close()
  }
  const report = checkCassette(file)
  expect(report.problems).toEqual([])
  expect(report.exchanges).toBe(2)
  expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true)
})

describe('dinoai cassette check', () => {
  const cassette = () => {
    const file = join(dir, 'c.ndjson')
    const header = JSON.stringify({
      cassette: 'dinoai',
      version: 1,
      schemaHash: 'sha256:x',
      recordedAt: '2026-11-01T00:00:00.000Z',
    })
    const exchange = JSON.stringify({
      at: 0,
      ms: 2,
      operationName: null,
      variables: null,
      queryHash: 'sha256:y',
      query: '{ __typename }',
      response: { status: 200, body: { data: { __typename: 'Query' } } },
    })
    writeFileSync(file, `${header}\n${exchange}\n`)
    return { file, header, exchange }
  }

  test('exit 1 for answers the schema no longer fits, with the line; --json says the same', async () => {
    const { file, header } = cassette()
    writeFileSync(
      file,
      `${header}\n${JSON.stringify({ at: 0, ms: 0, operationName: 'Gone', variables: null, queryHash: 'h', query: 'query Gone { noSuchField }', response: { status: 200, body: { data: { noSuchField: 1 } } } })}\n`,
    )
    const result = await runCliProcess(['cassette', 'check', file])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${file}:2: Gone: the recorded document no longer fits the schema at data.noSuchField: Cannot query field "noSuchField"`,
    )
    expect(result.stderr).toMatch(/record the cassette again/)
    const json = await runCliProcess(['cassette', 'check', file, '--json'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      exchanges: 1,
      problems: [{ kind: 'stale', line: 2 }],
    })
  })

  test('exit 2 for a cut-short line or a missing file, 0 for a good one', async () => {
    const { file, header, exchange } = cassette()
    expect((await runCliProcess(['cassette', 'check', file])).code).toBe(0)
    writeFileSync(file, `${header}\n${exchange.slice(0, 30)}`)
    const cut = await runCliProcess(['cassette', 'check', file])
    expect(cut.code).toBe(2)
    expect(cut.stderr).toContain(`${file}:2: not valid JSON`)
    const missing = await runCliProcess(['cassette', 'check', join(dir, 'none.ndjson')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no such file')
  })

  test('--schema with a field whose type changed: exit 1 with the line and JSON path, as loading it in a mock says', async () => {
    const { file, header } = cassette()
    writeFileSync(
      file,
      `${header}\n${JSON.stringify({ at: 0, ms: 0, operationName: 'Counts', variables: null, queryHash: 'h', query: 'query Counts { counts { n } }', response: { status: 200, body: { data: { counts: [{ n: 3 }] } } } })}\n`,
    )
    const sdl = join(dir, 'schema.graphql')
    writeFileSync(sdl, 'type Count { n: Int! } type Query { counts: [Count!]! }')
    expect((await runCliProcess(['cassette', 'check', file, '--schema', sdl])).code).toBe(0)
    const changed = 'type Count { n: String! } type Query { counts: [Count!]! }'
    writeFileSync(sdl, changed)
    const result = await runCliProcess(['cassette', 'check', file, '--schema', sdl])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${file}:2: Counts: the recorded answer no longer fits the schema at data.counts[0].n: expected a non-null String, got 3.`,
    )
    let loading: unknown
    try {
      createMockDinoAi({ replay: file, schemaSdl: changed })
    } catch (error) {
      loading = error
    }
    expect(loading).toBeInstanceOf(Error)
    expect(result.stderr).toContain(`${(loading as Error).message}\n`)
  })

  test('--schema checks against another SDL', async () => {
    const { file } = cassette()
    const sdl = join(dir, 'schema.graphql')
    writeFileSync(sdl, 'type Query { somethingElse: Int }')
    expect((await runCliProcess(['cassette', 'check', file, '--schema', sdl])).code).toBe(0)
    writeFileSync(sdl, 'type Query { broken: Nope }')
    const bad = await runCliProcess(['cassette', 'check', file, '--schema', sdl])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(`--schema ${sdl}: schemaSdl is not a valid GraphQL schema`)
  })
})

describe('mock-server record and replay flags', () => {
  test.each([
    [['--record', 'http://127.0.0.1:9/graphql'], '--record needs --cassette FILE'],
    [['--cassette', 'x.ndjson'], '--cassette names the file --record writes'],
    [
      ['--replay', 'x.ndjson', '--record', 'http://127.0.0.1:9/graphql', '--cassette', 'y'],
      '--record and --replay do not go together',
    ],
    [['--record', 'not a url', '--cassette', 'y'], '--record takes the GraphQL endpoint to record'],
    [['--repeat'], '--repeat goes with --replay FILE'],
  ])('%j is a usage error', async (args, message) => {
    const result = await runCliProcess(['mock-server', '--port', '0', ...args], {
      env: { PARADIME_API_KEY: KEY },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
  })

  test('a cassette that holds exchanges is not recorded over without --overwrite; --replay of a broken one names the line', async () => {
    const file = join(dir, 'kept.ndjson')
    writeFileSync(file, '{"cassette":"dinoai","version":1}\n{"broken": true}\n')
    const refused = await runCliProcess(
      ['mock-server', '--port', '0', '--record', 'http://127.0.0.1:9/graphql', '--cassette', file],
      {
        env: { PARADIME_API_KEY: KEY },
      },
    )
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(
      'the cassette already exists: delete it to record again, or pass overwrite (--overwrite',
    )
    const broken = await runCliProcess(['mock-server', '--port', '0', '--replay', file])
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain(`${file}:2: not an exchange`)
  })
})
