// The built CLI as a real process against the HTTP mock: every command, exit code and output mode.
import { type MockDinoAiServer, startMockDinoAiServer } from '@dinoai/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { collect, ESC, ndjson, runCliProcess, startCli, waitForOutput } from './spawn-cli.js'

const SECRET = 'test-secret-do-not-print'
let server: MockDinoAiServer
let env: Record<string, string>

beforeAll(async () => {
  server = await startMockDinoAiServer({ credentials: { apiKey: 'test-key', apiSecret: SECRET } })
  env = {
    PARADIME_API_ENDPOINT: server.url,
    PARADIME_API_KEY: 'test-key',
    PARADIME_API_SECRET: SECRET,
    PARADIME_WORKSPACE_UID: 'ws-test',
  }
})
afterAll(() => server.close())
beforeEach(() => server.reset())

const FAST = ['--poll-interval', '0.01']

describe('dinoai run', () => {
  test('streams the transcript in plain text, without control codes, and exits 0 on COMPLETED', async () => {
    server.script({ agent: 'checker' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'Checked **3 models**:\n\n- `stg_orders`' } },
      { message: { role: 'agent', content: 'All good.' }, status: 'COMPLETED' },
    ])
    const result = await runCliProcess(['run', '--agent', 'checker', ...FAST], { env })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const id = server.runs[0]?.agentSessionId ?? 'none'
    expect(result.stdout).toContain(`Started run ${id} (agent checker)`)
    expect(result.stdout).toContain('status: RUNNING')
    // Plain output keeps the Markdown source: it is already readable in a log.
    expect(result.stdout).toContain('agent:\n  Checked **3 models**:\n\n  - `stg_orders`\n')
    expect(result.stdout).toContain(`Run ${id} COMPLETED after`)
    expect(result.stdout.indexOf('Checked')).toBeLessThan(result.stdout.indexOf('All good.'))
    expect(result.stdout).not.toContain(ESC)
    expect(server.runs[0]?.agent).toBe('checker')
    expect(server.requests[0]?.headers['x-paradime-workspace']).toBe('ws-test')
  })

  test('--json prints one JSON event per status change and message, then the final run, and nothing else', async () => {
    server.script({ agent: 'checker' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'first' } },
      { message: { role: 'agent', content: 'second' }, status: 'COMPLETED' },
    ])
    const result = await runCliProcess(['run', '--agent', 'checker', '--message', 'go', '--json', ...FAST], {
      env,
    })
    expect(result.code).toBe(0)
    const events = ndjson(result.stdout)
    const id = server.runs[0]?.agentSessionId
    expect(events[0]).toEqual({ type: 'accepted', command: 'run', agentSessionId: id, status: 'queued' })
    const statuses = events.filter((e) => e.type === 'status').map((e) => e.status)
    expect(statuses).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
    const messages = events
      .filter((e) => e.type === 'message')
      .map((e) => (e.message as { content: string }).content)
    expect(messages).toEqual(['go', 'first', 'second'])
    const last = events.at(-1) as { type: string; run: { status: string; messages: unknown[] } }
    expect(last.type).toBe('run')
    expect(last.run.status).toBe('COMPLETED')
    expect(last.run.messages).toHaveLength(3)
    expect(events.every((e) => ['accepted', 'status', 'message', 'run'].includes(e.type as string))).toBe(
      true,
    )
    expect(result.stdout).not.toContain(SECRET)
  })

  test('reads the message from stdin when it is not a TTY and --message is absent', async () => {
    const result = await runCliProcess(['run', ...FAST], { env, input: 'Why did stg_orders fail?\n' })
    expect(result.code).toBe(0)
    expect(server.requests[0]?.variables).toMatchObject({ message: 'Why did stg_orders fail?' })
    expect(server.runs[0]?.messages[0]).toMatchObject({ role: 'user', content: 'Why did stg_orders fail?' })
  })

  test('--message wins over stdin, and --agent with an empty stdin sends no message', async () => {
    const flagged = await runCliProcess(['run', '--message', 'from flag', ...FAST], {
      env,
      input: 'from stdin',
    })
    expect(flagged.code).toBe(0)
    expect(server.requests[0]?.variables).toMatchObject({ message: 'from flag' })
    server.reset()
    const agentOnly = await runCliProcess(['run', '--agent', 'checker', ...FAST], { env, input: '' })
    expect(agentOnly.code).toBe(0)
    expect(server.requests[0]?.variables).not.toHaveProperty('message', expect.anything())
    expect(server.runs[0]?.messages.filter((m) => m.role === 'user')).toEqual([])
  })

  test('sends Slack routing and the base branch', async () => {
    const result = await runCliProcess(
      [
        'run',
        '--agent',
        'a',
        '--slack-channel',
        'C01',
        '--slack-thread',
        '1714142436.001200',
        '--base-branch',
        'dev',
        ...FAST,
      ],
      { env },
    )
    expect(result.code).toBe(0)
    expect(server.requests[0]?.variables).toMatchObject({
      agent: 'a',
      slack: { channel: 'C01', threadTs: '1714142436.001200' },
      baseBranch: 'dev',
    })
  })

  test.each([
    ['FAILED', 1],
    ['EXPIRED', 1],
    ['STOPPED', 1],
  ] as const)('exits %s with %i and says so', async (status, code) => {
    server.script({ agent: 'doomed' }, [{ status: 'RUNNING' }, { status }])
    const result = await runCliProcess(['run', '--agent', 'doomed', ...FAST], { env })
    expect(result.code).toBe(code)
    expect(result.stdout).toContain(`${status} after`)
  })

  test('exits 3 on --timeout and tells how to resume; the run goes on', async () => {
    server.script({ agent: 'slow' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const result = await runCliProcess(['run', '--agent', 'slow', '--timeout', '0.3', ...FAST], { env })
    const id = server.runs[0]?.agentSessionId
    expect(result.code).toBe(3)
    // As the flag said it, not rounded down to "0s".
    expect(result.stderr).toContain(`Timed out after 0.3s waiting for run ${id}`)
    expect(result.stderr).toContain(`dinoai watch ${id}`)
    // Not ended. Whether a read reached the mock within 0.3 s (QUEUED -> RUNNING) depends on the load.
    expect(server.runs[0]?.status).toMatch(/^(QUEUED|RUNNING)$/)
  })

  test('--no-wait prints the session and returns at once', async () => {
    const result = await runCliProcess(['run', '--agent', 'x', '--no-wait', '--json'], { env })
    expect(result.code).toBe(0)
    const id = server.runs[0]?.agentSessionId
    expect(ndjson(result.stdout)).toEqual([
      { type: 'accepted', command: 'run', agentSessionId: id, status: 'queued' },
    ])
    expect(result.stderr).toContain(`dinoai watch ${id}`)
    expect(server.requests.map((r) => r.operationName)).toEqual(['TriggerDinoaiAgentRun'])
  })

  test('Ctrl-C exits 130, prints how to resume, and leaves the run going on the server', async () => {
    server.script({ agent: 'forever' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const child = startCli(['run', '--agent', 'forever', ...FAST], { env })
    const done = collect(child)
    // "Started run" is printed before the first status read is even sent: interrupting then left the
    // mock's run QUEUED. The CLI printing RUNNING means the mock served that read and is RUNNING for good.
    await waitForOutput(child, /status: RUNNING/)
    child.kill('SIGINT')
    const result = await done
    const id = server.runs[0]?.agentSessionId
    expect(result.code).toBe(130)
    expect(result.stderr).toContain(`Run ${id} keeps going on the server; resume with: dinoai watch ${id}`)
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/)
    expect(server.runs).toHaveLength(1)
    expect(server.runs[0]?.status).toBe('RUNNING')
  })
})

describe('dinoai send', () => {
  test('streams only the new turn, never the previous answer', async () => {
    server.script({ agent: 'chat' }, [
      { message: { role: 'agent', content: 'OLD ANSWER' }, status: 'COMPLETED' },
    ])
    server.script({ message: 'And stg_payments?' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'NEW ANSWER' }, status: 'COMPLETED' },
    ])
    const first = await runCliProcess(['run', '--agent', 'chat', ...FAST], { env })
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('OLD ANSWER')
    const id = server.runs[0]?.agentSessionId ?? ''

    const result = await runCliProcess(['send', id, 'And stg_payments?', '--json', ...FAST], { env })
    expect(result.code).toBe(0)
    const events = ndjson(result.stdout)
    expect(events[0]).toMatchObject({ type: 'accepted', command: 'send', agentSessionId: id })
    const contents = events
      .filter((e) => e.type === 'message')
      .map((e) => (e.message as { content: string }).content)
    expect(contents).toEqual(['NEW ANSWER'])
    // The stale COMPLETED of the previous turn is never reported as this turn's end.
    const statuses = events.filter((e) => e.type === 'status').map((e) => e.status)
    expect(statuses).toEqual(['RUNNING', 'COMPLETED'])
    const last = events.at(-1) as { run: { messages: Array<{ content: string }> } }
    expect(last.run.messages.at(-1)?.content).toBe('NEW ANSWER')
  })

  test('takes the follow-up from stdin; --no-wait returns after the send', async () => {
    const first = await runCliProcess(['run', '--agent', 'chat', ...FAST], { env })
    expect(first.code).toBe(0)
    const id = server.runs[0]?.agentSessionId ?? ''
    const result = await runCliProcess(['send', id, '--no-wait'], { env, input: 'piped follow-up\n' })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Sent follow-up to ${id}`)
    expect(server.requests.at(-1)).toMatchObject({
      operationName: 'SendDinoaiAgentMessage',
      variables: { agentSessionId: id, message: 'piped follow-up' },
    })
  })

  test('an unknown session is one clear error line, exit 4 (the API refused the request)', async () => {
    const result = await runCliProcess(['send', 'no-such-session', 'hi', ...FAST], { env })
    expect(result.code).toBe(4)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^error \[GRAPHQL\]: .*"no-such-session" not found/)
  })
})

describe('dinoai status and watch', () => {
  test('status prints the transcript once; --json prints the run as one line', async () => {
    server.script({ agent: 's' }, [{ message: { role: 'agent', content: 'done it' }, status: 'COMPLETED' }])
    expect((await runCliProcess(['run', '--agent', 's', ...FAST], { env })).code).toBe(0)
    const id = server.runs[0]?.agentSessionId ?? ''
    const plain = await runCliProcess(['status', id], { env })
    expect(plain.code).toBe(0)
    expect(plain.stdout).toContain(`Session ${id}: COMPLETED`)
    expect(plain.stdout).toContain('agent:\n  done it')
    const json = await runCliProcess(['status', id, '--json'], { env })
    const events = ndjson(json.stdout)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ type: 'run', run: { agentSessionId: id, status: 'COMPLETED' } })
  })

  test('status exits 1 for a failed run and 4 for an unknown session', async () => {
    server.script({ agent: 'f' }, [{ status: 'FAILED' }])
    await runCliProcess(['run', '--agent', 'f', ...FAST], { env })
    const id = server.runs[0]?.agentSessionId ?? ''
    expect((await runCliProcess(['status', id], { env })).code).toBe(1)
    const unknown = await runCliProcess(['status', 'missing-session'], { env })
    expect(unknown.code).toBe(4)
    expect(unknown.stderr).toContain('missing-session')
    expect(unknown.stderr).not.toMatch(/\n\s+at /)
  })

  test('watch resumes a run started with --no-wait and follows it to the end', async () => {
    server.script({ agent: 'w' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'halfway' } },
      { message: { role: 'agent', content: 'finished' }, status: 'COMPLETED' },
    ])
    await runCliProcess(['run', '--agent', 'w', '--no-wait'], { env })
    const id = server.runs[0]?.agentSessionId ?? ''
    const result = await runCliProcess(['watch', id, '--json', ...FAST], { env })
    expect(result.code).toBe(0)
    const events = ndjson(result.stdout)
    expect(
      events.filter((e) => e.type === 'message').map((e) => (e.message as { content: string }).content),
    ).toEqual(['halfway', 'finished'])
    expect(events.at(-1)).toMatchObject({ type: 'run', run: { status: 'COMPLETED' } })
  })
})

describe('configuration and usage errors exit 2', () => {
  test('missing credentials name every variable to set', async () => {
    const result = await runCliProcess(['run', '--agent', 'x'], { env: {} })
    expect(result.code).toBe(2)
    for (const name of ['PARADIME_API_ENDPOINT', 'PARADIME_API_KEY', 'PARADIME_API_SECRET']) {
      expect(result.stderr).toContain(name)
    }
    expect(result.stdout).toBe('')
    expect(server.requests).toHaveLength(0)
  })

  test('a key alone is enough: sent as Authorization: Bearer <key>, as the GitHub action does', async () => {
    const keyOnly = { PARADIME_API_ENDPOINT: server.url, PARADIME_API_KEY: 'test-key' }
    const result = await runCliProcess(['run', '--agent', 'x', ...FAST], { env: keyOnly })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(server.requests[0]?.headers.authorization).toBeDefined()
    expect(server.requests[0]?.headers['x-api-secret']).toBeUndefined()
    // A wrong key alone is refused like a wrong secret, and the key is not printed.
    const wrong = await runCliProcess(['status', 'x'], {
      env: { ...keyOnly, PARADIME_API_KEY: 'wrong-key-value' },
    })
    expect(wrong.code).not.toBe(0)
    expect(wrong.stderr).not.toContain('wrong-key-value')
  })

  test('flags override the environment, and a secret flag warns about shell history', async () => {
    const result = await runCliProcess(
      [
        '--endpoint',
        server.url,
        '--api-key',
        'test-key',
        '--api-secret',
        SECRET,
        'run',
        '--agent',
        'x',
        ...FAST,
      ],
      { env: {} },
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('--api-secret puts the secret in your shell history')
    expect(result.stderr).not.toContain(SECRET)
  })

  test('rejected credentials: one line, exit 2, no secret; --verbose adds the request facts', async () => {
    const wrong = { ...env, PARADIME_API_SECRET: 'wrong-secret-value' }
    const result = await runCliProcess(['status', 'abc'], { env: wrong })
    expect(result.code).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^error \[AUTHENTICATION\]: /)
    const verbose = await runCliProcess(['status', 'abc', '--verbose'], { env: wrong })
    expect(verbose.code).toBe(2)
    expect(verbose.stderr).toContain('status: 401')
    expect(verbose.stderr).toMatch(/requestId: \S+/)
    expect(result.stderr + verbose.stderr).not.toContain('wrong-secret-value')
  })

  test.each([
    [['run'], 'Nothing to run'],
    [['run', '--agent', 'a', '--slack-channel', 'C1'], 'both --slack-channel and --slack-thread'],
    [['run', '--agent', 'a', '--poll-interval', 'soon'], 'expected a number of seconds'],
    // Found before anything is sent: the client would only refuse it after the run had started.
    [['run', '--agent', 'a', '--poll-interval', '0'], 'expected a number of seconds > 0'],
    [['run', '--agnet', 'a'], "unknown option '--agnet'"],
    [['status'], "missing required argument 'session'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('%j', async (args, message) => {
    const result = await runCliProcess(args, { env })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(server.requests).toHaveLength(0)
  })
})

describe('help and version', () => {
  test.each(['run', 'send', 'status', 'watch', 'mock-server', 'demo'])(
    '%s --help has examples',
    async (command) => {
      const result = await runCliProcess([command, '--help'])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(`Usage: dinoai ${command}`)
      expect(result.stdout).toContain(`$ dinoai ${command}`)
    },
  )

  test('--help lists every command; --version prints the package version', async () => {
    const help = await runCliProcess(['--help'])
    expect(help.code).toBe(0)
    for (const command of ['run', 'send', 'status', 'watch', 'mock-server', 'demo']) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command} `))
    }
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default
    const result = await runCliProcess(['--version'])
    expect(result.stdout.trim()).toBe(version)
  })
})
