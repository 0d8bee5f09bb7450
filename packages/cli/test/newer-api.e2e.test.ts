// The newer API surface through the built CLI against the HTTP mock: --steps, --model-family and
// dinoai stop; and the rule that without them only the older documents are sent, so that an older
// backend (the mock's legacy mode, which answers newer fields with HTTP 400) keeps working.
import { stripVTControlCharacters } from 'node:util'
import { type MockDinoAiServer, startMockDinoAiServer } from '@dinoai/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startInTerminal } from './pty.js'
import { ndjson, runCliProcess } from './spawn-cli.js'

const FAST = ['--poll-interval', '0.01']
const OLD_DOCUMENTS = ['TriggerDinoaiAgentRun', 'DinoaiAgentRun', 'SendDinoaiAgentMessage']

let server: MockDinoAiServer
let legacy: MockDinoAiServer
let env: Record<string, string>
let legacyEnv: Record<string, string>
beforeAll(async () => {
  const credentials = { apiKey: 'k', apiSecret: 'newer-api-secret' }
  server = await startMockDinoAiServer({ credentials })
  legacy = await startMockDinoAiServer({ credentials, legacy: true })
  const base = { PARADIME_API_KEY: 'k', PARADIME_API_SECRET: 'newer-api-secret' }
  env = { ...base, PARADIME_API_ENDPOINT: server.url }
  legacyEnv = { ...base, PARADIME_API_ENDPOINT: legacy.url }
})
afterAll(async () => {
  await server.close()
  await legacy.close()
})
beforeEach(() => {
  server.reset()
  legacy.reset()
  const toolRun = [
    {
      status: 'RUNNING' as const,
      tool: { name: 'run_sql', input: 'SELECT count(*)\n  FROM stg_orders\n WHERE customer_id IS NULL' },
    },
    { tool: { name: 'dbt_test', input: { select: 'stg_orders' }, output: '1 failure' } },
    { message: { role: 'agent', content: '312 rows without a customer.' }, status: 'COMPLETED' as const },
  ]
  server.script({ agent: 'tools' }, toolRun)
  legacy.script({ agent: 'tools' }, toolRun)
})

const operations = (s: MockDinoAiServer) => [...new Set(s.requests.map((r) => r.operationName))]

describe('--steps', () => {
  test('plain output: a line per tool step (name and a one-line input) and per checklist change', async () => {
    const result = await runCliProcess(['run', '--agent', 'tools', '--steps', ...FAST], { env })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^startup: \[ \] Queued, \[ \] Starting the agent pod/m)
    expect(result.stdout).toMatch(
      /^startup: \[x\] Queued, \[x\] Starting the agent pod, \[x\] Loading the agent$/m,
    )
    expect(result.stdout).toMatch(
      /^step \d+: run_sql SELECT count\(\*\) FROM stg_orders WHERE customer_id IS NULL$/m,
    )
    expect(result.stdout).toMatch(/^step \d+: dbt_test \{"select":"stg_orders"\}$/m)
    // The user's and agent's steps repeat the transcript: printed as messages only.
    expect(result.stdout.match(/312 rows without a customer\./g)).toHaveLength(1)
    expect(result.stdout.indexOf('run_sql')).toBeLessThan(result.stdout.indexOf('312 rows'))
    expect(operations(server)).toContain('DinoaiAgentRunWithSteps')
  })

  test('--json --steps adds step and startup events; without --steps the output and documents are as before', async () => {
    const withSteps = await runCliProcess(['run', '--agent', 'tools', '--json', '--steps', ...FAST], { env })
    expect(withSteps.code).toBe(0)
    const events = ndjson(withSteps.stdout)
    const id = server.runs[0]?.agentSessionId
    const steps = events.filter((e) => e.type === 'step')
    expect(steps.map((e) => (e.step as { toolName: string | null }).toolName)).toEqual(
      expect.arrayContaining(['run_sql', 'dbt_test']),
    )
    expect(steps[0]).toMatchObject({ type: 'step', agentSessionId: id, step: { index: expect.any(Number) } })
    const indexes = steps.map((e) => (e.step as { index: number }).index)
    expect(indexes).toEqual([...new Set(indexes)].sort((a, b) => a - b))
    expect(events.find((e) => e.type === 'startup')).toMatchObject({
      agentSessionId: id,
      startupSteps: expect.arrayContaining([{ label: 'Queued', done: false }]),
    })

    server.reset()
    server.script({ agent: 'tools' }, [{ tool: { name: 'run_sql' }, status: 'COMPLETED' }])
    const without = await runCliProcess(['run', '--agent', 'tools', '--json', ...FAST], { env })
    expect(without.code).toBe(0)
    expect(ndjson(without.stdout).map((e) => e.type)).toEqual(['accepted', 'status', 'status', 'run'])
    expect(operations(server)).toEqual(['TriggerDinoaiAgentRun', 'DinoaiAgentRun'])
  })

  test('steps the API could not read: a warning (stderr, and a JSON event), and the run is followed to its end', async () => {
    server.failNext(1, { kind: 'steps-error', message: 'steps store unavailable' })
    const result = await runCliProcess(['run', '--agent', 'tools', '--json', '--steps', ...FAST], { env })
    expect(result.code).toBe(0)
    const events = ndjson(result.stdout)
    expect(events.find((e) => e.type === 'warning')).toMatchObject({
      code: 'PARTIAL_DATA',
      message: expect.stringContaining('steps store unavailable'),
    })
    expect(result.stderr).toMatch(/^warning: .*steps store unavailable/m)
    expect(events.at(-1)).toMatchObject({ type: 'run', run: { status: 'COMPLETED' } })
  })

  test('watch --steps picks the steps up from the start', async () => {
    await runCliProcess(['run', '--agent', 'tools', '--no-wait'], { env })
    const id = server.runs[0]?.agentSessionId ?? ''
    const result = await runCliProcess(['watch', id, '--steps', ...FAST], { env })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^step \d+: run_sql /m)
    expect(result.stdout).toMatch(/^step \d+: dbt_test /m)
  })

  test('in a terminal: dim tool lines, and the checklist under the spinner while the agent starts', async () => {
    const term = startInTerminal(['run', '--agent', 'tools', '--steps', '--poll-interval', '0.05'], env)
    expect(await term.exit).toBe(0)
    const screen = term.screen()
    expect(screen).toContain('⚙ run_sql SELECT count(*) FROM stg_orders WHERE customer_id IS NULL')
    expect(screen).toContain('⚙ dbt_test {"select":"stg_orders"}')
    // The spinner frame holds the checklist lines under the status: drawn, then erased line by line.
    expect(term.raw()).toMatch(/QUEUED[^\n]*\r?\n {2}\S+ Queued\r?\n {2}\S+ Starting the agent pod/)
    expect(stripVTControlCharacters(term.raw())).toMatch(/✔ COMPLETED · session/)
  })
})

describe('--model-family', () => {
  test('an unknown family runs on the default; the warning goes to stderr, and is an event in --json', async () => {
    const human = await runCliProcess(['run', '--agent', 'tools', '--model-family', 'gpt-9', ...FAST], {
      env,
    })
    expect(human.code).toBe(0)
    expect(human.stderr).toMatch(/^warning: .*gpt-9/m)
    expect(human.stdout).not.toContain('warning')
    expect(server.runs[0]?.modelFamily).toBe('claude')
    expect(operations(server)).toContain('TriggerDinoaiAgentRunWithModelFamily')

    const json = await runCliProcess(
      ['run', '--agent', 'tools', '--model-family', 'gpt-9', '--json', ...FAST],
      {
        env,
      },
    )
    const events = ndjson(json.stdout)
    expect(events[1]).toMatchObject({
      type: 'warning',
      agentSessionId: server.runs[1]?.agentSessionId,
      code: 'MODEL_FAMILY',
      message: expect.stringContaining('gpt-9'),
    })
    expect(json.stderr).toMatch(/^warning: .*gpt-9/m)
  })

  test('a known family: no warning; chat passes it to the run it starts', async () => {
    const result = await runCliProcess(['run', '--agent', 'tools', '--model-family', 'gemini', ...FAST], {
      env,
    })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(server.runs[0]?.modelFamily).toBe('gemini')

    const chat = await runCliProcess(['chat', '--agent', 'tools', '--model-family', 'gpt', ...FAST], {
      env,
      input: 'hello',
    })
    expect(chat.code).toBe(0)
    expect(server.runs[1]?.modelFamily).toBe('gpt')
  })

  test.each([
    [['run', '--agent', 'a', '--model-family', ' '], '--model-family needs a name'],
    [['chat', '--session', 's', '--model-family', 'gpt'], 'drop --model-family'],
  ])('%j exits 2 before any request', async (args, message) => {
    const result = await runCliProcess(args, { env, input: 'hi' })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(server.requests).toHaveLength(0)
  })
})

describe('dinoai stop', () => {
  test('stops a live run (exit 0); following it then ends STOPPED (exit 1); stopping again is still 0', async () => {
    server.script({ agent: 'forever' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    await runCliProcess(['run', '--agent', 'forever', '--no-wait'], { env })
    const id = server.runs[0]?.agentSessionId ?? ''
    const stopped = await runCliProcess(['stop', id], { env })
    expect(stopped.code).toBe(0)
    expect(stopped.stdout).toBe(`Stopped run ${id}: STOPPED.\n`)
    expect(server.runs[0]?.status).toBe('STOPPED')

    const watched = await runCliProcess(['watch', id, ...FAST], { env })
    expect(watched.code).toBe(1)
    expect(watched.stdout).toContain(`Run ${id} STOPPED after`)

    const again = await runCliProcess(['stop', id, '--json'], { env })
    expect(again.code).toBe(0)
    expect(ndjson(again.stdout)).toEqual([
      { type: 'stop', agentSessionId: id, status: 'STOPPED', stopped: true },
    ])
  })

  test('a run that had already finished: says so, exit 1, status unchanged', async () => {
    server.script({ agent: 'quick' }, [{ status: 'COMPLETED' }])
    expect((await runCliProcess(['run', '--agent', 'quick', ...FAST], { env })).code).toBe(0)
    const id = server.runs[0]?.agentSessionId ?? ''
    const result = await runCliProcess(['stop', id], { env })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`Run ${id} had already finished (COMPLETED); nothing to stop.`)
    expect(server.runs[0]?.status).toBe('COMPLETED')
    const json = await runCliProcess(['stop', id, '--json'], { env })
    expect(ndjson(json.stdout)).toEqual([
      { type: 'stop', agentSessionId: id, status: 'COMPLETED', stopped: false },
    ])
  })

  test('an unknown session is one error line, exit 4; stop --help has examples', async () => {
    const result = await runCliProcess(['stop', 'no-such-session'], { env })
    expect(result.code).toBe(4)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^error \[NOT_ACCEPTED\]: .*no-such-session/)
    const help = await runCliProcess(['stop', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('$ dinoai stop 7f3c9e')
    expect((await runCliProcess(['--help'])).stdout).toMatch(/\n {2}stop /)
  })
})

describe('an older backend (legacy mock)', () => {
  test('run, send, status, watch and piped chat without the newer flags work and send only the older documents', async () => {
    const run = await runCliProcess(['run', '--agent', 'tools', '--json', ...FAST], { env: legacyEnv })
    expect(run.code).toBe(0)
    const id = legacy.runs[0]?.agentSessionId ?? ''
    expect((await runCliProcess(['send', id, 'more?', ...FAST], { env: legacyEnv })).code).toBe(0)
    expect((await runCliProcess(['status', id], { env: legacyEnv })).code).toBe(0)
    expect((await runCliProcess(['watch', id, ...FAST], { env: legacyEnv })).code).toBe(0)
    const chat = await runCliProcess(['chat', '--session', id, ...FAST], {
      env: legacyEnv,
      input: 'and then?',
    })
    expect(chat.code).toBe(0)
    expect(operations(legacy).every((o) => OLD_DOCUMENTS.includes(o ?? ''))).toBe(true)
    expect(legacy.requests.length).toBeGreaterThan(5)
  })

  test('--steps fails with the error line and what to do (the run itself was started)', async () => {
    const result = await runCliProcess(['run', '--agent', 'tools', '--steps', ...FAST], { env: legacyEnv })
    expect(result.code).toBe(4)
    const lines = result.stderr.trim().split('\n')
    expect(lines[0]).toMatch(/^error \[GRAPHQL\]: /)
    // The client may name the option itself; otherwise the CLI adds one hint line.
    expect(lines.length).toBeLessThanOrEqual(2)
    expect(result.stderr).toMatch(/--steps needs a newer DinoAI API|steps.*newer/i)
  })

  test('--model-family fails with one line naming the option, before any run starts', async () => {
    const result = await runCliProcess(['run', '--agent', 'tools', '--model-family', 'claude', ...FAST], {
      env: legacyEnv,
    })
    expect(result.code).toBe(4)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^error \[\w+\]: .*modelFamily.*newer/i)
    expect(legacy.runs).toHaveLength(0)
  })

  test('stop against an older backend fails with exit 4 and one line', async () => {
    const result = await runCliProcess(['stop', 'some-session'], { env: legacyEnv })
    expect(result.code).toBe(4)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
