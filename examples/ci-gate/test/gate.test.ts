import { startMockDinoAiServer } from '@dinoai/testing'
import { describe, expect, test } from 'vitest'
import { EXIT, main } from '../src/index.js'
import { ciEnv, ciMock, runMain, SECRET } from './helpers.js'

const args = ['--agent', 'pr-reviewer', '--message', 'Check the models changed in this PR.']

describe('the gate passes and fails with the run', () => {
  test('a COMPLETED run exits 0, streaming each step once and printing the answer', async () => {
    const mock = ciMock()
    mock.script({ agent: 'pr-reviewer' }, [
      { status: 'RUNNING', tool: { name: 'dbt_ls', input: '--select state:modified', output: 'stg_orders' } },
      { message: { role: 'agent', content: 'stg_orders is fine.' }, status: 'COMPLETED' },
    ])
    const run = await runMain(mock, args, ciEnv(mock))
    expect(run.code).toBe(EXIT.passed)
    expect(run.out[0]).toMatch(/^Triggered pr-reviewer: run dinoai-agent-[0-9a-f]+ \(queued\)$/)
    const steps = run.out.filter((line) => /^ {2}#\d+ /.test(line))
    expect(steps).toEqual([
      expect.stringMatching(/^ {2}#\d+ USER: Check the models changed in this PR\.$/),
      expect.stringMatching(/^ {2}#\d+ TOOL dbt_ls: --select state:modified → stg_orders$/),
      expect.stringMatching(/^ {2}#\d+ AGENT: stg_orders is fine\.$/),
    ])
    expect(run.out).toContain("Agent's answer:\nstg_orders is fine.")
    expect(run.out.at(-1)).toMatch(/^Gate passed: run .* COMPLETED\.$/)
    expect(run.err).toEqual([])
    // Default wait options on the virtual clock: no real time went by, virtual time did.
    expect(mock.clock.now()).toBeGreaterThan(0)
  })

  test.each(['FAILED', 'EXPIRED'] as const)('a %s run exits 1 with a GitHub annotation', async (status) => {
    const mock = ciMock()
    mock.script({ agent: 'pr-reviewer' }, [{ status: 'RUNNING' }, { status }])
    const run = await runMain(mock, args, ciEnv(mock, { GITHUB_ACTIONS: 'true' }))
    expect(run.code).toBe(EXIT.failed)
    expect(run.err).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error title=DinoAI gate::Gate failed: pr-reviewer run dinoai-agent-\\w+ ended ${status}\\.$`,
        ),
      ),
    ])
    expect(run.out.join('\n')).not.toContain('Gate passed')
  })

  test('a run stopped by someone else exits 1', async () => {
    const mock = ciMock()
    mock.script({ agent: 'pr-reviewer' }, [{ neverEnding: true }])
    const run = await runMain(mock, args, ciEnv(mock), {
      onOut: (line) => {
        const id = mock.runs[0]?.agentSessionId
        if (line === '  status RUNNING' && id) void stopFromOutside(mock.url, id)
      },
    })
    async function stopFromOutside(url: string, id: string) {
      await mock.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'ci-key', 'x-api-secret': SECRET },
        body: JSON.stringify({
          query: `mutation { stopDinoaiAgentRun(agentSessionId: "${id}") { ok status } }`,
        }),
      })
    }
    expect(run.code).toBe(EXIT.failed)
    expect(run.err.join('\n')).toMatch(/ended STOPPED/)
  })
})

describe('on a pull request', () => {
  test('the default message names the pull request and the agent works on its head branch', async () => {
    const mock = ciMock()
    const env = ciEnv(mock, {
      DINOAI_AGENT: 'pr-reviewer',
      GITHUB_REF: 'refs/pull/42/merge',
      GITHUB_REPOSITORY: 'acme/analytics',
      GITHUB_HEAD_REF: 'add-orders-tests',
      GITHUB_BASE_REF: 'main',
    })
    const run = await runMain(mock, [], env)
    expect(run.code).toBe(EXIT.passed)
    const [trigger] = mock.runs
    expect(trigger?.messages[0]?.content).toBe(
      'Check pull request #42 of acme/analytics: branch add-orders-tests into main.',
    )
    expect(trigger?.baseBranch).toBe('add-orders-tests')
  })

  test('arguments win over the environment', async () => {
    const mock = ciMock()
    const env = ciEnv(mock, {
      DINOAI_AGENT: 'other',
      DINOAI_MESSAGE: 'from env',
      DINOAI_BRANCH: 'env-branch',
    })
    const run = await runMain(mock, [...args, '--branch', 'arg-branch'], env)
    expect(run.code).toBe(EXIT.passed)
    expect(mock.runs[0]?.agent).toBe('pr-reviewer')
    expect(mock.runs[0]?.baseBranch).toBe('arg-branch')
  })
})

describe('bad usage exits 2 before any request', () => {
  test.each([
    [[], {}, /Name the agent to run with --agent <name> or DINOAI_AGENT/],
    [['--agent', 'a'], {}, /Give the agent a message with --message <text> or DINOAI_MESSAGE/],
    [
      [...args, '--timeout-minutes', 'soon'],
      {},
      /--timeout-minutes .* must be a positive number of minutes; got "soon"/,
    ],
    [['--agnet', 'a'], {}, /Unknown option '--agnet'/],
    [args, { PARADIME_API_ENDPOINT: 'http://dinoai.example.com/graphql' }, /https/],
  ])('%j %j', async (argv, env, message) => {
    const mock = ciMock()
    const run = await runMain(mock, argv, { ...ciEnv(mock), ...env })
    expect(run.code).toBe(EXIT.usage)
    expect(run.err.join('\n')).toMatch(message)
    expect(mock.requests).toEqual([])
  })

  test('--help prints the usage and exits 0', async () => {
    const mock = ciMock()
    const run = await runMain(mock, ['--help'], {})
    expect(run.code).toBe(EXIT.passed)
    expect(run.out[0]).toMatch(/^Usage: ci-gate --agent <name>/)
  })
})

describe('the gate leaves no agent running on its account', () => {
  test('a timeout exits 3 and stops the run, on the virtual clock', async () => {
    const mock = ciMock()
    mock.script({ agent: 'pr-reviewer' }, [{ neverEnding: true }])
    const run = await runMain(mock, [...args, '--timeout-minutes', '5'], ciEnv(mock))
    expect(run.code).toBe(EXIT.timedOut)
    expect(run.err[0]).toMatch(/^Gate timed out: /)
    expect(run.out.at(-1)).toMatch(/^Stopped run dinoai-agent-\w+: STOPPED$/)
    expect(mock.runs[0]?.status).toBe('STOPPED')
    expect(mock.clock.now()).toBeGreaterThanOrEqual(5 * 60_000)
  })

  test('--no-stop leaves it running', async () => {
    const mock = ciMock()
    mock.script({ agent: 'pr-reviewer' }, [{ neverEnding: true }])
    const run = await runMain(mock, [...args, '--timeout-minutes', '1', '--no-stop'], ciEnv(mock))
    expect(run.code).toBe(EXIT.timedOut)
    expect(mock.runs[0]?.status).toBe('RUNNING')
    expect(mock.requests.map((r) => r.operationName)).not.toContain('StopDinoaiAgentRun')
  })

  test('a cancelled job (SIGINT in the bin) exits 130 and stops the run', async () => {
    const mock = ciMock()
    mock.script({ agent: 'pr-reviewer' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const controller = new AbortController()
    const run = await runMain(mock, args, ciEnv(mock), {
      signal: controller.signal,
      onOut: (line) => {
        if (line === '  status RUNNING') controller.abort(new Error('received SIGINT'))
      },
    })
    expect(run.code).toBe(EXIT.cancelled)
    expect(run.err[0]).toMatch(/^Cancelled while waiting for run dinoai-agent-\w+\.$/)
    expect(mock.runs[0]?.status).toBe('STOPPED')
  })
})

describe('when DinoAI refuses or cannot be reached', () => {
  test('wrong credentials exit 4 without printing the secret', async () => {
    const mock = ciMock()
    const run = await runMain(mock, args, { ...ciEnv(mock), PARADIME_API_SECRET: `${SECRET}-wrong` })
    expect(run.code).toBe(EXIT.unreachable)
    expect(run.err[0]).toMatch(/AUTHENTICATION/)
    expect(run.all).not.toContain(SECRET)
    expect(mock.runs).toEqual([])
  })
})

test('over real HTTP: the endpoint comes from PARADIME_API_ENDPOINT', async () => {
  const server = await startMockDinoAiServer({ credentials: { apiKey: 'ci-key', apiSecret: SECRET } })
  try {
    const out: string[] = []
    const code = await main({
      argv: args,
      env: ciEnv(server),
      io: { out: (line) => out.push(line), err: (line) => out.push(line) },
      clientOptions: { clock: server.clock },
    })
    expect(code).toBe(EXIT.passed)
    expect(server.runs).toHaveLength(1)
    expect(new Set(server.requests.map((r) => r.operationName))).toEqual(
      new Set(['TriggerDinoaiAgentRun', 'DinoaiAgentRunWithSteps']),
    )
  } finally {
    await server.close()
  }
})
