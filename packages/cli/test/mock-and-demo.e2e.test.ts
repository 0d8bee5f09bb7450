// `dinoai mock-server` and `dinoai demo`: the no-account ways in, as real processes.
import { spawn } from 'node:child_process'
import { startMockDinoAiServer } from '@dinoai/testing'
import { expect, test } from 'vitest'
import {
  assertBuilt,
  BIN,
  baseEnv,
  collect,
  ESC,
  runCliProcess,
  startCli,
  waitForOutput,
} from './spawn-cli.js'

test('mock-server prints the URL and exports; the CLI works against it; SIGTERM closes it with exit 0', async () => {
  const server = startCli(['mock-server', '--port', '0'])
  const serverDone = collect(server)
  const banner = await waitForOutput(server, /Press Ctrl-C to stop/)
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(banner)?.[1]
  expect(url).toBeDefined()
  const exports = Object.fromEntries(
    [...banner.matchAll(/export (PARADIME_\w+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string]),
  )
  expect(Object.keys(exports).sort()).toEqual([
    'PARADIME_API_ENDPOINT',
    'PARADIME_API_KEY',
    'PARADIME_API_SECRET',
    'PARADIME_WORKSPACE_UID',
  ])
  expect(exports.PARADIME_API_ENDPOINT).toBe(url)

  // The pasted variables work, and the demo scenario is scripted there too.
  const run = await runCliProcess(
    ['run', '--agent', 'data-quality-checker', '--json', '--poll-interval', '0.01'],
    {
      env: exports,
    },
  )
  expect(run.code).toBe(0)
  const final = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}')
  expect(final.run.status).toBe('COMPLETED')
  expect(final.run.childSessionIds).toHaveLength(1)
  expect(final.run.workspaceUid).toBe(exports.PARADIME_WORKSPACE_UID)

  // Wrong credentials are refused: the mock checks them like the real API.
  const refused = await runCliProcess(['status', 'x'], { env: { ...exports, PARADIME_API_SECRET: 'nope' } })
  expect(refused.code).toBe(2)

  server.kill('SIGTERM')
  const result = await serverDone
  expect(result.code).toBe(0)
  expect(result.stderr).toMatch(/Mock server stopped after \d+ requests/)
})

test('mock-server on a port in use exits 2 with a hint', async () => {
  const first = startCli(['mock-server', '--port', '0'])
  const firstDone = collect(first)
  const banner = await waitForOutput(first, /Press Ctrl-C to stop/)
  const port = /127\.0\.0\.1:(\d+)/.exec(banner)?.[1] ?? ''
  const second = await runCliProcess(['mock-server', '--port', port])
  expect(second.code).toBe(2)
  expect(second.stderr).toContain(`Port ${port} is in use`)
  first.kill('SIGINT')
  expect((await firstDone).code).toBe(0)
})

test('demo runs the whole scripted session without a TTY: plain text, exit 0', async () => {
  const result = await runCliProcess(['demo', '--poll-interval', '0.01'])
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  const out = result.stdout
  expect(out).not.toContain(ESC)
  const order = [
    '$ dinoai run --agent data-quality-checker',
    'Started run ',
    'status: RUNNING',
    'Found **4 models**',
    'Sub-agent sessions: ',
    '$ dinoai send ',
    'Sent follow-up to ',
    'Opened **PR #482**',
    'What next',
    'dinoai mock-server',
  ].map((text) => {
    const at = out.indexOf(text)
    expect(at, text).toBeGreaterThanOrEqual(0)
    return at
  })
  expect(order).toEqual([...order].sort((a, b) => a - b))
  // The follow-up streams only its own turn: the first answer appears once.
  expect(out.split('## Results')).toHaveLength(2)
  expect(out.match(/COMPLETED after/g)).toHaveLength(2)
})

test('demo | head -3: the reader leaving early ends the demo quietly, exit 0, no stack trace', async () => {
  assertBuilt()
  // A real pipe into head, which exits after 3 lines while the demo has seconds of output left.
  const script = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} demo | head -3; echo "exit=\${PIPESTATUS[0]}"`
  const result = await collect(spawn('bash', ['-c', script], { env: baseEnv() }))
  expect(result.stderr).toBe('')
  expect(result.stdout.split('\n')).toEqual([
    'DinoAI demo',
    expect.stringContaining('An embedded mock'),
    expect.stringContaining('this output'),
    'exit=0',
    '',
  ])
})

test('run whose reader closes while it streams exits 0 without a stack trace; the run goes on', async () => {
  const server = await startMockDinoAiServer({ credentials: { apiKey: 'k', apiSecret: 'pipe-secret' } })
  try {
    server.script({ agent: 'piped' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const child = startCli(['run', '--agent', 'piped', '--poll-interval', '0.01'], {
      env: { PARADIME_API_ENDPOINT: server.url, PARADIME_API_KEY: 'k', PARADIME_API_SECRET: 'pipe-secret' },
    })
    const done = collect(child)
    await waitForOutput(child, /status: RUNNING/)
    // The reader goes away (as `head` or `less` do), then the run has something new to print.
    child.stdout?.destroy()
    const id = server.runs[0]?.agentSessionId ?? ''
    server.script({ sessionId: id }, [
      { message: { role: 'agent', content: 'late news' } },
      { neverEnding: true },
    ])
    const result = await done
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(server.runs[0]?.status).toBe('RUNNING')
  } finally {
    await server.close()
  }
})
