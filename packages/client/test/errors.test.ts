import { inspect, types } from 'node:util'
import {
  createDinoAiClient,
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
  type RunEvent,
  redactSecrets,
} from '@dinoai/client'
import { buildRun } from '@dinoai/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { createRedactor } from '../src/errors/redact.js'
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
  const views = [
    ...strings(e),
    String(e),
    JSON.stringify(e),
    inspect(e, { depth: 10, showHidden: true }),
    inspect(e),
  ]
  for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret)
  // Still a real error of its class (loggers and util.inspect rely on that).
  expect(types.isNativeError(e)).toBe(true)
  // Stable code and a plain toJSON view.
  expect(typeof e.code).toBe('string')
  expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: e.name, code: e.code, message: e.message })
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Adds the secret to every string-carrying part of a GraphQL answer a proxy could touch. */
function echoInBody(body: Record<string, unknown>, secret: string): Record<string, unknown> {
  const out = { ...body }
  if (Array.isArray(body.errors)) {
    out.errors = body.errors.map((e: { message: string; path?: unknown[]; extensions?: object }) => ({
      ...e,
      message: `${e.message} (${secret})`,
      path: [...(e.path ?? ['dinoaiAgentRun']), secret],
      extensions: { ...e.extensions, echoed: secret, [secret]: true, nested: { list: [`a ${secret} b`] } },
    }))
    // Partial data next to the errors, with the secret at some depth.
    out.data = { ...(body.data as object | null), echo: { secret, list: [{ deeper: secret }] } }
  }
  const data = body.data as Record<string, { ok?: boolean; status?: string }> | null | undefined
  for (const [field, value] of Object.entries(data ?? {})) {
    if (value?.ok === false) {
      out.data = { ...data, [field]: { ...value, status: `${value.status} ${secret}` } }
    }
  }
  return out
}

/**
 * A proxy between client and mock that echoes the secret in everything it can: the request id
 * header, the status text, GraphQL messages, extensions (keys and values), paths, partial data,
 * ok: false status strings, and non-JSON bodies.
 */
function echoing(fetch: Fetch, secret: string): Fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    const text = await response.text()
    let body: string
    try {
      body = JSON.stringify(echoInBody(JSON.parse(text), secret))
    } catch {
      body = `<html><body>Bad gateway for token ${secret}</body></html>`
    }
    const headers = new Headers(response.headers)
    headers.set('x-request-id', `req-${secret}`)
    return new Response(body, { status: response.status, statusText: `Echo ${secret}`, headers })
  }
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
    // A user who pasted the secret into a prompt: the transcript in the error holds it.
    h.mock.script({ message: /^fail me/ }, [{ status: 'FAILED' }])
    await grab('runFailed', client.triggerRunAndWait({ message: `fail me ${secret}` }))
    h.mock.script({ message: /^never/ }, [{ status: 'RUNNING' }, { neverEnding: true }])
    await grab('timeout', client.triggerRunAndWait({ message: `never ${secret}` }, { timeoutMs: 5_000 }))
    h.mock.script({ message: /^watch me/ }, [{ status: 'STOPPED' }])
    const { agentSessionId: watchedId } = await client.triggerRun({ message: `watch me ${secret}` })
    for await (const event of client.watchRun(watchedId)) {
      if (event.type === 'failed') errors.set('watchFailed', event.error)
    }
    await grab('validation', client.triggerRun({ agent: `bad ${secret}` }))
    return errors
  }

  test.each([
    ['key + secret', { apiKey: 'k', apiSecret: SECRET }],
    ['bearer', { apiSecret: BEARER }],
  ])('%s: every error class, message, properties, JSON and inspect', async (_name, credentials) => {
    h = await harness(mode)
    const secret = credentials.apiSecret
    const client = h.client({
      apiKey: undefined,
      retry: false,
      ...credentials,
      fetch: echoing(h.fetch, secret),
    })
    const errors = await collect(client, secret)
    const classes: Record<string, new (...args: never[]) => DinoAiError> = {
      rate: DinoAiRateLimitError,
      network: DinoAiNetworkError,
      server: DinoAiServerError,
      bad: DinoAiBadResponseError,
      graphql: DinoAiGraphQLError,
      notAccepted: DinoAiNotAcceptedError,
      runFailed: DinoAiRunFailedError,
      timeout: DinoAiWaitTimeoutError,
      watchFailed: DinoAiRunFailedError,
      validation: DinoAiValidationError,
    }
    for (const [name, cls] of Object.entries(classes)) {
      const error = errors.get(name)
      expect(error, name).toBeInstanceOf(cls)
      expectNoSecret(error, [SECRET, BEARER])
    }
    // Redacted, not dropped: the facts are still there with the secret replaced.
    const graphql = errors.get('graphql') as DinoAiGraphQLError
    expect(graphql.status).toBe(200)
    expect(graphql.requestId).toBe('req-[redacted]')
    expect(graphql.errors[0]?.message).toContain('[redacted]')
    expect(graphql.errors[0]?.path?.at(-1)).toBe('[redacted]')
    expect(graphql.errors[0]?.extensions).toMatchObject({
      echoed: '[redacted]',
      '[redacted]': true,
      nested: { list: ['a [redacted] b'] },
    })
    expect(graphql.data).toMatchObject({ echo: { secret: '[redacted]', list: [{ deeper: '[redacted]' }] } })
    expect((errors.get('server') as DinoAiServerError).message).toContain('[redacted]')
    expect((errors.get('notAccepted') as DinoAiNotAcceptedError).serverStatus).toBe('not_found [redacted]')
    const transcript = (run: { messages: { content: string }[] } | undefined) =>
      run?.messages.map((m) => m.content)
    expect(transcript((errors.get('runFailed') as DinoAiRunFailedError).run)).toContain('fail me [redacted]')
    expect(transcript((errors.get('timeout') as DinoAiWaitTimeoutError).lastRun)).toContain(
      'never [redacted]',
    )
    expect(transcript((errors.get('watchFailed') as DinoAiRunFailedError).run)).toContain(
      'watch me [redacted]',
    )
  })

  test.each([
    ['key + secret', SECRET],
    ['bearer', BEARER],
  ])(
    '%s: results keep the secret, and the objects a caller holds are not modified',
    async (_name, secret) => {
      h = await harness(mode)
      h.mock.script({ message: /^mine/ }, [{ status: 'FAILED' }])
      const client = h.client({ apiKey: 'k', apiSecret: secret })
      const updates: DinoAiAgentRun[] = []
      const error = await client
        .triggerRunAndWait({ message: `mine ${secret}` }, { onUpdate: (run) => updates.push(run) })
        .catch((e: unknown) => e)
      expectNoSecret(error, [secret])
      // The runs handed to onUpdate are the caller's data: untouched by building the error.
      const last = updates.at(-1)
      expect(last?.messages.map((m) => m.content)).toContain(`mine ${secret}`)
      expect((error as DinoAiRunFailedError).run).not.toBe(last)

      h.mock.script({ message: /^watched/ }, [{ status: 'EXPIRED' }])
      const { agentSessionId } = await client.triggerRun({ message: `watched ${secret}` })
      const events: RunEvent[] = []
      for await (const event of client.watchRun(agentSessionId)) events.push(event)
      const failed = events.at(-1)
      if (failed?.type !== 'failed') throw new Error(`expected a failed event, got ${failed?.type}`)
      expect(failed.run.messages.map((m) => m.content)).toContain(`watched ${secret}`)
      expectNoSecret(failed.error, [secret])
    },
  )

  test('a body that breaks mid-stream, and a fetch failure cause, are redacted', async () => {
    h = await harness(mode)
    const dropped = createDinoAiClient({
      endpoint: h.url,
      apiSecret: BEARER,
      retry: false,
      fetch: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.error(new TypeError(`terminated: ${BEARER}`))
            },
          }),
          { status: 200, headers: { 'x-request-id': `id-${BEARER}` } },
        ),
    })
    const error = await dropped.getRun('s').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    expect((error as DinoAiNetworkError).requestId).toBe('id-[redacted]')
    expect((error as DinoAiNetworkError).message).toContain('[redacted]')
    expectNoSecret(error, [BEARER])
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
        const cause = Object.assign(new Error(`connect ECONNRESET via ${SECRET}`), { code: 'ECONNRESET' })
        throw new TypeError(`Headers.append: "${SECRET}" is an invalid header value.`, { cause })
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

describe('the redactor', () => {
  const secret = 'sk-REDACTOR-0123'

  test('copies cyclic and deep data, leaves the original alone, and keeps the class', () => {
    const { error } = createRedactor([secret])
    const extensions: Record<string, unknown> = { note: `echo ${secret}` }
    extensions.self = extensions
    let deep: Record<string, unknown> = { leaf: secret }
    for (let i = 0; i < 500; i++) deep = { deep }
    const original = new DinoAiGraphQLError(`failed: ${secret}`, {
      errors: [{ message: secret, extensions }],
      data: { deep, when: new Date(0), [secret]: [secret] },
      cause: Object.assign(new Error(`inner ${secret}`), { code: 'E_INNER', extra: { secret } }),
    })
    const copy = error(original) as DinoAiGraphQLError
    expect(copy).toBeInstanceOf(DinoAiGraphQLError)
    expect(copy).not.toBe(original)
    expect(copy.graphqlCode).toBeUndefined()
    expect(copy.errors[0]?.extensions).toEqual({ note: 'echo [redacted]', self: '[Circular]' })
    expect((copy.cause as { code: string }).code).toBe('E_INNER')
    expect(JSON.stringify(copy.data)).toContain('"[redacted]":["[redacted]"]')
    expectNoSecret(copy, [secret])
    // The original, and the objects it points to, still hold what they held.
    expect(original.message).toBe(`failed: ${secret}`)
    expect(extensions.note).toBe(`echo ${secret}`)
    expect(extensions.self).toBe(extensions)
    expect((original.cause as Error).message).toBe(`inner ${secret}`)
  })

  test("errors that are not the client's (a caller's abort reason) pass through as they are", () => {
    const reason = new Error(`stop ${secret}`)
    expect(createRedactor([secret]).error(reason)).toBe(reason)
  })

  test('secrets shorter than 6 characters are left alone: replacing them would shred every text', () => {
    const copy = createRedactor(['abc12']).error(new DinoAiServerError('abc12 failed', { status: 500 }))
    expect((copy as DinoAiError).message).toBe('abc12 failed')
    expect(createRedactor(['abc123']).text('abc123 failed')).toBe('[redacted] failed')
  })
})

describe('redactSecrets', () => {
  test('replaces every occurrence of each secret of 6 characters or more, and nothing else', () => {
    const text = 'key abc123 and Bearer prdm_wsp_zz9 then abc123 again; short abc12 stays'
    expect(redactSecrets(text, ['abc123', 'prdm_wsp_zz9', 'abc12', ''])).toBe(
      'key [redacted] and Bearer [redacted] then [redacted] again; short abc12 stays',
    )
    expect(redactSecrets('nothing here', ['abc123'])).toBe('nothing here')
    expect(redactSecrets('abc12 abc12', ['abc12'])).toBe('abc12 abc12')
  })
})

describe('error shapes', () => {
  test('each class has its own stable code and toJSON fields', () => {
    const run = buildRun({ agentSessionId: 's', status: 'FAILED', messages: [], workspaceUid: 'w' })
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
