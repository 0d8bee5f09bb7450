import { inspect } from 'node:util'
import {
  type DinoAiAgentRun,
  DinoAiAuthenticationError,
  DinoAiBadResponseError,
  type DinoAiClient,
  DinoAiError,
  DinoAiGraphQLError,
  DinoAiNetworkError,
  DinoAiNotAcceptedError,
  DinoAiRateLimitError,
  DinoAiRunFailedError,
  DinoAiServerError,
  DinoAiValidationError,
  DinoAiWaitTimeoutError,
} from '@dinoai/client'
import { afterEach, describe, expect, test } from 'vitest'
import { type Harness, harness, MODES } from './helpers.js'

const SECRET = 'sk-LEAKCHECK-7c1d2e3f'
const BEARER = 'prdm_wsp_LEAKCHECK-9a8b7c'

/** Every string reachable from a value: own properties (enumerable or not), causes, arrays. */
function strings(value: unknown, seen = new Set<unknown>(), depth = 0): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null || seen.has(value) || depth > 8) return []
  seen.add(value)
  const out: string[] = []
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)
    const v = descriptor && 'value' in descriptor ? descriptor.value : undefined
    out.push(...strings(v, seen, depth + 1))
  }
  // Getters on the prototype (e.g. graphqlCode) are properties too.
  for (const key of ['graphqlCode', 'message', 'stack', 'cause'] as const) {
    out.push(...strings((value as Record<string, unknown>)[key], seen, depth + 1))
  }
  return out
}

function expectNoSecret(error: unknown, secrets: string[]): void {
  expect(error).toBeInstanceOf(DinoAiError)
  const e = error as DinoAiError
  const views = [...strings(e), String(e), JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })]
  for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret)
  // Stable code and a plain toJSON view.
  expect(typeof e.code).toBe('string')
  expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: e.name, code: e.code, message: e.message })
}

describe.each(MODES)('no error carries the secret (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  async function collect(client: DinoAiClient, secret: string): Promise<Map<string, unknown>> {
    const errors = new Map<string, unknown>()
    const grab = async (name: string, p: Promise<unknown>) =>
      errors.set(name, await p.catch((e: unknown) => e))
    const { agentSessionId } = await client.triggerRun({ message: 'hi' })
    h.mock.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 1 })
    await grab('rate', client.getRun(agentSessionId))
    h.mock.failNext(1, { kind: 'network', afterProcessing: true })
    await grab('network', client.triggerRun({ message: 'x' }))
    h.mock.failNext(1, { kind: 'http', status: 500 })
    await grab('server', client.getRun(agentSessionId))
    h.mock.failNext(1, { kind: 'non-json' })
    await grab('bad', client.getRun(agentSessionId))
    // A server that echoes the secret in its error message must not leak it through us.
    h.mock.failNext(1, {
      kind: 'graphql-error',
      message: `bad token ${secret} / Authorization: Bearer ${secret}`,
    })
    await grab('graphql', client.getRun(agentSessionId))
    await grab('notAccepted', client.sendMessage('nope', 'hi'))
    h.mock.script({ message: 'fail me' }, [{ status: 'FAILED' }])
    await grab('runFailed', client.triggerRunAndWait({ message: 'fail me' }))
    h.mock.script({ message: 'never' }, [{ neverEnding: true }])
    await grab('timeout', client.triggerRunAndWait({ message: 'never' }, { timeoutMs: 5_000 }))
    await grab('validation', client.triggerRun({ agent: `bad ${secret}` }))
    return errors
  }

  test.each([
    ['key + secret', { apiKey: 'k', apiSecret: SECRET }],
    ['bearer', { apiSecret: BEARER }],
  ])('%s: every error class, message, properties, JSON and inspect', async (_name, credentials) => {
    h = await harness(mode)
    const client = h.client({ apiKey: undefined, retry: false, ...credentials })
    const errors = await collect(client, credentials.apiSecret)
    const classes: Record<string, new (...args: never[]) => DinoAiError> = {
      rate: DinoAiRateLimitError,
      network: DinoAiNetworkError,
      server: DinoAiServerError,
      bad: DinoAiBadResponseError,
      graphql: DinoAiGraphQLError,
      notAccepted: DinoAiNotAcceptedError,
      runFailed: DinoAiRunFailedError,
      timeout: DinoAiWaitTimeoutError,
      validation: DinoAiValidationError,
    }
    for (const [name, cls] of Object.entries(classes)) {
      const error = errors.get(name)
      expect(error, name).toBeInstanceOf(cls)
      expectNoSecret(error, [SECRET, BEARER])
    }
    expect((errors.get('graphql') as DinoAiGraphQLError).errors[0]?.message).toContain('[redacted]')
  })

  test('authentication errors carry no secret either', async () => {
    h = await harness(mode, { credentials: { apiSecret: 'prdm_wsp_the-right-one' } })
    const error = await h
      .client({ apiKey: undefined, apiSecret: BEARER })
      .getRun('x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiAuthenticationError)
    expectNoSecret(error, [BEARER])
  })

  test('a fetch failure whose message quotes a header value is redacted', async () => {
    h = await harness(mode)
    const client = h.client({
      apiSecret: SECRET,
      fetch: async () => {
        throw new TypeError(`Headers.append: "${SECRET}" is an invalid header value.`)
      },
    })
    const error = await client.triggerRun({ message: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    expect((error as DinoAiNetworkError).notSent).toBe(false)
    expectNoSecret(error, [SECRET])
  })

  test('a missing-workspace validation error does not echo the prdm_cmp_ secret', async () => {
    h = await harness(mode)
    let error: unknown
    try {
      h.client({ apiKey: undefined, apiSecret: 'prdm_cmp_LEAKCHECK' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DinoAiValidationError)
    expectNoSecret(error, ['prdm_cmp_LEAKCHECK'])
  })
})

describe('error shapes', () => {
  test('each class has its own stable code and toJSON fields', () => {
    const run: DinoAiAgentRun = {
      ok: true,
      agentSessionId: 's',
      status: 'FAILED',
      messages: [],
      childSessionIds: [],
      workspaceUid: 'w',
    }
    const cases: [DinoAiError, string, Record<string, unknown>][] = [
      [new DinoAiValidationError('agent', 'm'), 'VALIDATION', { field: 'agent' }],
      [
        new DinoAiAuthenticationError('m', { status: 403, requestId: 'r' }),
        'AUTHENTICATION',
        { status: 403, requestId: 'r' },
      ],
      [new DinoAiRateLimitError('m', { status: 429, retryAfterMs: 5 }), 'RATE_LIMITED', { retryAfterMs: 5 }],
      [
        new DinoAiNetworkError('m', { notSent: true, causeCode: 'ECONNREFUSED' }),
        'NETWORK',
        { notSent: true, causeCode: 'ECONNREFUSED' },
      ],
      [new DinoAiServerError('m', { status: 502 }), 'SERVER', { status: 502 }],
      [new DinoAiBadResponseError('m', { status: 200 }), 'BAD_RESPONSE', { status: 200 }],
      [
        new DinoAiGraphQLError('m', { errors: [{ message: 'x' }], operationName: 'Op' }),
        'GRAPHQL',
        { operationName: 'Op', errors: [{ message: 'x' }] },
      ],
      [
        new DinoAiNotAcceptedError('m', { agentSessionId: 's', serverStatus: 'not_found' }),
        'NOT_ACCEPTED',
        { serverStatus: 'not_found' },
      ],
      [new DinoAiRunFailedError(run), 'RUN_FAILED', { run }],
      [new DinoAiWaitTimeoutError('s', 10, run), 'WAIT_TIMEOUT', { timeoutMs: 10, lastRun: run }],
    ]
    const codes = new Set<string>()
    for (const [error, code, fields] of cases) {
      expect(error).toBeInstanceOf(DinoAiError)
      expect(error).toBeInstanceOf(Error)
      expect(error.code).toBe(code)
      expect(error.name).toBe(error.constructor.name)
      expect(error.toJSON()).toMatchObject({ code, ...fields })
      codes.add(code)
    }
    expect(codes.size).toBe(cases.length)
  })
})
