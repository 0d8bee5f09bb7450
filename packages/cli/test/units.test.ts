// In-process tests of the pieces: Markdown, colour decision, config, transcript tracking, errors.
import { stripVTControlCharacters } from 'node:util'
import { type Clock, createDinoAiClient } from '@dinoai/client'
import { createMockDinoAi, type MockDinoAi } from '@dinoai/testing'
import { describe, expect, test } from 'vitest'
import { parseInterval, parseSeconds } from '../src/args.js'
import { resolveConfig } from '../src/config.js'
import { describeError, exitCodeForError } from '../src/failure.js'
import { formatDuration, formatLimit } from '../src/format.js'
import { runCli } from '../src/index.js'
import { renderMarkdown } from '../src/output/markdown.js'
import { createPalette, shouldUseColor } from '../src/output/palette.js'

const plain = createPalette(false)

describe('renderMarkdown', () => {
  test('lays out headings, lists, code and links without markup characters', () => {
    const text = [
      '# Report',
      'Found **2** issues in `stg_orders`, see [the run](https://x.test/r).',
      '',
      '1. nulls',
      '2. dupes',
      '   - in `order_id`',
      '',
      '```sql',
      'select 1',
      '```',
      '> note',
    ].join('\n')
    expect(renderMarkdown(text, { palette: plain, indent: '  ' })).toBe(
      [
        '  Report',
        '',
        '  Found 2 issues in stg_orders, see the run (https://x.test/r).',
        '',
        '  1. nulls',
        '  2. dupes',
        '     • in order_id',
        '',
        '      select 1',
        '',
        '  │ note',
      ].join('\n'),
    )
  })

  test('colours with an enabled palette and aligns tables by visible width', () => {
    const colored = renderMarkdown('**bold** and `code`', { palette: createPalette(true) })
    expect(colored).toBe('\u001b[1mbold\u001b[22m and \u001b[36mcode\u001b[39m')
    const table = renderMarkdown('| model | fails |\n| --- | --- |\n| **stg_orders** | 1 |', {
      palette: createPalette(true),
    })
    const rows = table.split('\n').map((row) => stripVTControlCharacters(row))
    expect(rows).toEqual(['model       fails', '──────────  ─────', 'stg_orders  1'])
  })
})

describe('shouldUseColor', () => {
  const tty = { env: {}, isTTY: true }
  test.each([
    [{ ...tty }, true],
    [{ env: {}, isTTY: false }, false],
    [{ ...tty, flag: false }, false],
    [{ env: { NO_COLOR: '1' }, isTTY: true }, false],
    [{ env: { NO_COLOR: '' }, isTTY: true }, true],
    [{ env: { FORCE_COLOR: '1' }, isTTY: false }, true],
    [{ env: { FORCE_COLOR: '0' }, isTTY: true }, false],
    [{ env: { FORCE_COLOR: '1', NO_COLOR: '1' }, isTTY: true }, false],
    [{ env: { FORCE_COLOR: '1' }, isTTY: true, flag: false }, false],
  ])('%j -> %s', (inputs, expected) => {
    expect(shouldUseColor(inputs)).toBe(expected)
  })
})

describe('resolveConfig', () => {
  const env = {
    PARADIME_API_ENDPOINT: 'https://e.test/graphql',
    PARADIME_API_KEY: 'k',
    PARADIME_API_SECRET: 's',
  }
  test('reads the environment; flags win; blank values count as missing', () => {
    expect(resolveConfig(env, {})).toEqual({
      ok: true,
      warnings: [],
      config: { endpoint: 'https://e.test/graphql', apiKey: 'k', apiSecret: 's' },
      secrets: ['s'],
    })
    const flagged = resolveConfig(env, { endpoint: 'https://f.test/graphql', workspace: 'w' })
    expect(flagged.ok && flagged.config).toMatchObject({
      endpoint: 'https://f.test/graphql',
      workspaceUid: 'w',
    })
    const blank = resolveConfig({ ...env, PARADIME_API_KEY: '  ' }, {})
    expect(blank.ok).toBe(false)
    expect(!blank.ok && blank.message).toContain('PARADIME_API_KEY (or --api-key)')
    expect(!blank.ok && blank.message).not.toContain('PARADIME_API_SECRET (or')
  })

  test('a key alone is enough (sent as a bearer token, as the GitHub action does), and it is then what must stay secret', () => {
    const keyOnly = resolveConfig({ PARADIME_API_ENDPOINT: 'https://e.test', PARADIME_API_KEY: 'k-only' }, {})
    // The client's rules decide what must stay secret: the key, and the Bearer header it makes.
    expect(keyOnly).toEqual({
      ok: true,
      warnings: [],
      config: { endpoint: 'https://e.test', apiKey: 'k-only' },
      secrets: ['k-only', 'Bearer k-only'],
    })
    const nothing = resolveConfig({ PARADIME_API_ENDPOINT: 'https://e.test' }, {})
    expect(!nothing.ok && nothing.message).toContain('PARADIME_API_KEY (or --api-key)')
    const neither = resolveConfig({}, {})
    expect(!neither.ok && neither.message).toContain(
      'set PARADIME_API_ENDPOINT (or --endpoint), PARADIME_API_KEY (or --api-key).',
    )
  })

  test('a prdm_cmp_ secret without a workspace is refused before any request, as the client would', () => {
    const company = resolveConfig(
      { PARADIME_API_ENDPOINT: 'https://e.test' },
      { apiSecret: 'prdm_cmp_abcdef' },
    )
    expect(company.ok).toBe(false)
    expect(!company.ok && company.message).toContain(
      'PARADIME_WORKSPACE_UID (or --workspace), which a prdm_cmp_',
    )
    const withWorkspace = resolveConfig(
      { PARADIME_API_ENDPOINT: 'https://e.test', PARADIME_WORKSPACE_UID: 'w-1' },
      { apiSecret: 'prdm_cmp_abcdef' },
    )
    expect(withWorkspace.ok && withWorkspace.secrets).toEqual(['prdm_cmp_abcdef', 'Bearer prdm_cmp_abcdef'])
  })

  test('a bearer secret needs no key; a secret flag warns without echoing it', () => {
    const bearer = resolveConfig(
      { PARADIME_API_ENDPOINT: 'https://e.test' },
      { apiSecret: 'prdm_wsp_abcdef' },
    )
    expect(bearer.ok).toBe(true)
    expect(bearer.warnings).toHaveLength(1)
    expect(bearer.warnings[0]).not.toContain('prdm_wsp_abcdef')
  })
})

describe('following a run (watchRun underneath)', () => {
  // A clock whose sleeps resolve at once: polling costs no real time.
  let now = 0
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      now += ms
    },
    random: () => 0.5,
  }
  const env = {
    PARADIME_API_ENDPOINT: 'https://dinoai.mock/graphql',
    PARADIME_API_KEY: 'k',
    PARADIME_API_SECRET: 's',
  }

  async function cli(mock: MockDinoAi, argv: string[]) {
    let stdout = ''
    let stderr = ''
    const code = await runCli([...argv, '--json'], {
      env,
      stdout: { write: (chunk) => (stdout += chunk) },
      stderr: { write: (chunk) => (stderr += chunk) },
      stdin: undefined,
      createClient: (o) => createDinoAiClient({ ...o, fetch: mock.fetch, clock, requestTimeoutMs: 0 }),
    })
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const summary = events.flatMap((e) =>
      e.type === 'status'
        ? [String(e.status)]
        : e.type === 'message'
          ? [`${(e.message as { role: string }).role}:${(e.message as { content: string }).content}`]
          : [],
    )
    return { code, stderr, events, summary }
  }

  test('reports each status change and each message once, the reply before its COMPLETED', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'a' }, [
      { status: 'RUNNING' },
      {},
      { message: { role: 'agent', content: 'done' }, status: 'COMPLETED' },
    ])
    const result = await cli(mock, ['run', '--agent', 'a', '--message', 'go'])
    expect(result.code).toBe(0)
    expect(result.summary).toEqual(['QUEUED', 'user:go', 'RUNNING', 'agent:done', 'COMPLETED'])
  })

  test('a follow-up hides the stale COMPLETED, the old transcript and its own echo', async () => {
    const mock = createMockDinoAi({ followUpStalePolls: 3 })
    mock.script({ agent: 'a' }, [{ message: { role: 'agent', content: 'OLD' }, status: 'COMPLETED' }])
    mock.script({ message: 'more?' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'NEW' }, status: 'COMPLETED' },
    ])
    expect((await cli(mock, ['run', '--agent', 'a'])).code).toBe(0)
    const id = mock.runs[0]?.agentSessionId ?? ''
    const result = await cli(mock, ['send', id, 'more?'])
    expect(result.code).toBe(0)
    expect(result.events[0]).toEqual({
      type: 'accepted',
      command: 'send',
      agentSessionId: id,
      status: 'queued',
    })
    expect(result.summary).toEqual(['RUNNING', 'agent:NEW', 'COMPLETED'])
    expect(result.events.at(-1)).toMatchObject({ type: 'run', run: { status: 'COMPLETED' } })
  })

  test('a follow-up waits for the reply to itself, not one that landed just before it was sent', async () => {
    const mock = createMockDinoAi()
    // The first turn's answer lands right after `send` reads the transcript, before it sends.
    mock.script({ agent: 'a' }, [{ message: { role: 'agent', content: 'OLD' }, status: 'COMPLETED' }])
    mock.script({ message: 'more?' }, [{ message: { role: 'agent', content: 'NEW' }, status: 'COMPLETED' }])
    expect((await cli(mock, ['run', '--agent', 'a', '--no-wait'])).code).toBe(0)
    const id = mock.runs[0]?.agentSessionId ?? ''
    const result = await cli(mock, ['send', id, 'more?'])
    expect(result.code).toBe(0)
    // OLD is newer than what send read, but older than the follow-up: it is shown, not taken as the reply.
    expect(result.summary).toEqual(['agent:OLD', 'agent:NEW', 'COMPLETED'])
    expect(result.events.at(-1)).toMatchObject({ type: 'run', run: { status: 'COMPLETED' } })
  })

  test('a run that fails ends with its status and exit 1', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'f' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'boom' }, status: 'FAILED' },
    ])
    const result = await cli(mock, ['run', '--agent', 'f'])
    expect(result.code).toBe(1)
    expect(result.summary).toEqual(['QUEUED', 'RUNNING', 'agent:boom', 'FAILED'])
    expect(result.events.at(-1)).toMatchObject({ type: 'run', run: { status: 'FAILED' } })
  })
})

describe('errors', () => {
  const clientError = Object.assign(new Error('Request refused for secret-123'), {
    code: 'AUTHENTICATION',
    toJSON: () => ({
      name: 'DinoAiAuthenticationError',
      code: 'AUTHENTICATION',
      status: 401,
      requestId: 'r-1',
    }),
  })
  test('one line by default, details with --verbose, secrets masked either way', () => {
    expect(describeError(clientError, { verbose: false, secrets: ['secret-123'] })).toEqual([
      'error [AUTHENTICATION]: Request refused for [redacted]',
    ])
    const verbose = describeError(clientError, { verbose: true, secrets: ['secret-123'] })
    expect(verbose).toContain('  status: 401')
    expect(verbose).toContain('  requestId: r-1')
    expect(verbose.join('\n')).not.toContain('secret-123')
  })
  test("secrets are masked with the client's rule: 6 characters or more", () => {
    const error = new Error('refused abcdef and abcde')
    expect(describeError(error, { verbose: false, secrets: ['abcdef'] })).toEqual([
      'error: refused [redacted] and abcde',
    ])
    expect(describeError(error, { verbose: false, secrets: ['abcde'] })).toEqual([
      'error: refused abcdef and abcde',
    ])
  })
  test.each([
    ['VALIDATION', 2],
    ['AUTHENTICATION', 2],
    ['WAIT_TIMEOUT', 3],
    ['RUN_FAILED', 1],
    ['RUN_EXPIRED', 1],
    ['RUN_STOPPED', 1],
    ['NETWORK', 4],
    ['RATE_LIMITED', 4],
    ['SERVER', 4],
    ['BAD_RESPONSE', 4],
    ['GRAPHQL', 4],
    ['NOT_ACCEPTED', 4],
    ['ECONNREFUSED', 1],
    [undefined, 1],
  ])('%s exits %i', (code, exit) => {
    expect(exitCodeForError(Object.assign(new Error('x'), { code }))).toBe(exit)
  })
})

test('parseSeconds and formatDuration', () => {
  expect(parseSeconds('0.01')).toBe(10)
  expect(parseSeconds('90')).toBe(90_000)
  expect(() => parseSeconds('-1')).toThrow(/seconds/)
  expect(() => parseSeconds('')).toThrow(/seconds/)
  expect(parseSeconds('0')).toBe(0)
  expect(parseInterval('0.001')).toBe(1)
  expect(() => parseInterval('0')).toThrow(/seconds > 0/)
  expect(() => parseInterval('0.0001')).toThrow(/seconds > 0/)
  expect([
    formatDuration(400),
    formatDuration(12_000),
    formatDuration(185_000),
    formatDuration(3_720_000),
  ]).toEqual(['0.4s', '12s', '3m 05s', '1h 02m'])
})

test('formatLimit says a --timeout as it was given, never rounded down to 0s', () => {
  expect([300, 1, 2500, 45_000, 600_000, 3_600_000, 0].map(formatLimit)).toEqual([
    '0.3s',
    '0.001s',
    '2.5s',
    '45s',
    '10m 00s',
    '1h 00m',
    '0s',
  ])
})
