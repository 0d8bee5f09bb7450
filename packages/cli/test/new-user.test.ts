// What a new user runs into, in-process: each message says what happened, and the exit code tells a
// failed run (1) from a failed request (4) and from a mistake of their own (2).
import { Readable } from 'node:stream'
import { createDinoAiClient } from '@dinoai/client'
import { MAX_REQUEST_BYTES } from '@dinoai/operations'
import { createMockDinoAi, type MockDinoAi } from '@dinoai/testing'
import { describe, expect, test } from 'vitest'
import { type CliClientOptions, runCli } from '../src/index.js'

const ENV = {
  PARADIME_API_ENDPOINT: 'https://dinoai.test/graphql',
  PARADIME_API_KEY: 'key-123456',
  PARADIME_API_SECRET: 'secret-123456',
}

/** Runs `dinoai ARGS` on a client whose fetch is `fetch` (the mock's by default); no retries, no waits. */
async function dinoai(
  args: readonly string[],
  options: {
    mock?: MockDinoAi
    fetch?: CliClientOptions['fetch']
    env?: Record<string, string>
    stdin?: string
  } = {},
) {
  const mock = options.mock ?? createMockDinoAi()
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    env: { ...ENV, ...options.env },
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: options.stdin === undefined ? undefined : Readable.from([options.stdin]),
    createClient: (o) =>
      createDinoAiClient({ ...o, fetch: options.fetch ?? mock.fetch, clock: mock.clock, retry: false }),
  })
  return { code, stdout, stderr, mock }
}

const failingFetch = (code: string, text: string) => async (): Promise<Response> => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error(text), { code }) })
}

describe('messages say what happened', () => {
  test('an unknown host does not resolve (it is not "connection refused"), exit 4', async () => {
    const result = await dinoai(['status', 's-1'], {
      fetch: failingFetch('ENOTFOUND', 'getaddrinfo ENOTFOUND dinoai.test'),
    })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('(ENOTFOUND): the host name does not resolve, so nothing was sent')
    expect(result.stderr).not.toMatch(/refused/)
  })

  test('a refused connection says so, exit 4', async () => {
    const result = await dinoai(['status', 's-1'], {
      fetch: failingFetch('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'),
    })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('(ECONNREFUSED): the connection was refused, so nothing was sent')
  })

  test('a rejected secret reads "Invalid API key or secret." with one period, exit 2', async () => {
    const mock = createMockDinoAi({ credentials: { apiKey: 'key-123456', apiSecret: 'the-real-secret' } })
    const result = await dinoai(['status', 's-1'], { mock })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('(HTTP 401): Invalid API key or secret. Check PARADIME_API_KEY')
    expect(result.stderr).not.toMatch(/\.\./)
  })
})

describe('a message over the API size limit', () => {
  const huge = 'x'.repeat(MAX_REQUEST_BYTES)

  test.each([
    ['as --message', ['run', '--agent', 'a', '--message', huge], undefined],
    ['piped on stdin', ['run', '--agent', 'a'], huge],
  ])(
    '%s: refused with the client message and the usage code, and nothing is sent',
    async (_, args, stdin) => {
      const result = await dinoai(args, stdin === undefined ? {} : { stdin })
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/^error \[VALIDATION\]: The message is \d+ bytes as sent/)
      expect(result.stderr).toContain('at most 1048576 bytes (1 MiB)')
      expect(result.mock.requests).toHaveLength(0)
    },
  )

  test('a follow-up: refused the same way; the message never reaches the API', async () => {
    const mock = createMockDinoAi()
    const started = await dinoai(['run', '--agent', 'a', '--no-wait'], { mock })
    const id = mock.runs[0]?.agentSessionId ?? ''
    expect(started.code).toBe(0)
    const result = await dinoai(['send', id, huge], { mock })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error \[VALIDATION\]: The message is/)
    // send reads the transcript first (what is old); the follow-up itself is never sent.
    expect(mock.requests.map((r) => r.operationName)).not.toContain('SendDinoaiAgentMessage')
  })
})

describe('exit codes', () => {
  test('a run that ends FAILED is 1; the API failing a request is 4', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'doomed' }, [{ status: 'FAILED' }])
    expect((await dinoai(['run', '--agent', 'doomed', '--poll-interval', '1'], { mock })).code).toBe(1)
    mock.failNext(1, { kind: 'http', status: 503 })
    const unavailable = await dinoai(['run', '--agent', 'fine'], { mock })
    expect(unavailable.code).toBe(4)
    expect(unavailable.stderr).toMatch(/^error \[SERVER\]: The DinoAI API failed with HTTP 503/)
  })

  test('dinoai --help documents every exit code', async () => {
    const help = await dinoai(['--help'])
    expect(help.code).toBe(0)
    for (const code of ['0', '1', '2', '3', '4', '130'])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${code} +\\S`))
    expect(help.stdout).toContain('4    the API or the network failed a request')
  })
})
