import {
  DinoAiAuthenticationError,
  DinoAiBadResponseError,
  DinoAiGraphQLError,
  DinoAiNotAcceptedError,
  DinoAiRateLimitError,
  DinoAiServerError,
  DinoAiValidationError,
} from '@dinoai/client'
import { afterEach, describe, expect, test } from 'vitest'
import { API_KEY, API_SECRET, type Harness, harness, MODES, received } from './helpers.js'

describe.each(MODES)('client methods (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('triggerRun sends one POST with auth and version headers and returns the session', async () => {
    h = await harness(mode, { credentials: { apiKey: API_KEY, apiSecret: API_SECRET } })
    const client = h.client()
    const accepted = await client.triggerRun({
      agent: 'data-quality-checker',
      message: 'Check stg_orders',
      slack: { channel: 'C0123456789', threadTs: '1714142436.001200' },
      baseBranch: 'main',
    })
    expect(accepted).toEqual({
      agentSessionId: h.mock.runs[0]?.agentSessionId,
      status: 'queued',
      warning: null,
    })
    expect(h.mock.runs).toHaveLength(1)
    expect(h.mock.runs[0]).toMatchObject({
      agent: 'data-quality-checker',
      slack: { channel: 'C0123456789', threadTs: '1714142436.001200' },
      baseBranch: 'main',
    })
    const [request] = h.mock.requests
    expect(request?.method).toBe('POST')
    expect(request?.operationName).toBe('TriggerDinoaiAgentRun')
    expect(request?.headers['user-agent']).toMatch(/^dinoai-typescript\/\d+\.\d+\.\d+ node\/20\./)
    expect(request?.headers['x-api-secret']).toBe('[redacted]')
  })

  test('getRun returns the run, fresh on every call (no cache)', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'hello' })
    const first = await client.getRun(agentSessionId)
    const second = await client.getRun(agentSessionId)
    expect(first.status).toBe('QUEUED')
    expect(second.status).toBe('RUNNING')
    expect(h.mock.requests.filter((r) => r.operationName === 'DinoaiAgentRun')).toHaveLength(2)
  })

  test('sendMessage appends the message; an unknown session is not accepted', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRunAndWait({ message: 'first' }, { minDelayMs: 10 })
    expect(await client.sendMessage(agentSessionId, 'second')).toEqual({ agentSessionId, status: 'queued' })
    expect(h.mock.runs[0]?.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'first',
      'second',
    ])
    const error = await client.sendMessage('no-such-session', 'hi').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiNotAcceptedError)
    expect(error).toMatchObject({
      code: 'NOT_ACCEPTED',
      serverStatus: 'not_found',
      status: 200,
      operationName: 'SendDinoaiAgentMessage',
    })
    expect((error as DinoAiNotAcceptedError).requestId).toBe(h.mock.requests.at(-1)?.requestId)
  })

  test('getRun of an unknown session is a GraphQL NOT_FOUND error with status and request id', async () => {
    h = await harness(mode)
    const error = await h
      .client()
      .getRun('missing-session')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    const gqlError = error as DinoAiGraphQLError
    expect(gqlError.graphqlCode).toBe('NOT_FOUND')
    expect(gqlError.errors[0]?.message).toContain('missing-session')
    expect(gqlError.operationName).toBe('DinoaiAgentRun')
    expect(gqlError.status).toBe(200)
    expect(gqlError.requestId).toBe(h.mock.requests[0]?.requestId)
    expect(gqlError.data).toBeNull()
  })

  test.each([
    [{}, 'agent'],
    [{ agent: '', message: '  ' }, 'agent'],
    [{ agent: 'bad name!' }, 'agent'],
    [{ agent: 'a'.repeat(101) }, 'agent'],
    [{ message: 'x', slack: { channel: 'C1', threadTs: '' } }, 'slack'],
    [{ message: 'x', slack: { channel: '', threadTs: '1.2' } }, 'slack'],
  ])('triggerRun(%j) fails validation on %s before any request', async (input, field) => {
    h = await harness(mode)
    const error = await h
      .client()
      .triggerRun(input)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiValidationError)
    expect((error as DinoAiValidationError).field).toBe(field)
    expect(h.mock.requests).toHaveLength(0)
  })

  test('empty session ids and messages fail validation before any request', async () => {
    h = await harness(mode)
    const client = h.client()
    const results = await Promise.allSettled([
      client.getRun(''),
      client.sendMessage('', 'hi'),
      client.sendMessage('s-1', ''),
      client.waitForRun(' '),
      client.sendMessageAndWait('s-1', ''),
      client.triggerRunAndWait({}),
    ])
    for (const r of results) {
      expect(r.status).toBe('rejected')
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(DinoAiValidationError)
    }
    expect(() => client.watchRun('')).toThrow(DinoAiValidationError)
    expect(h.mock.requests).toHaveLength(0)
  })

  test('wrong credentials: DinoAiAuthenticationError with status 401 and request id', async () => {
    h = await harness(mode, { credentials: { apiKey: API_KEY, apiSecret: 'the-right-one' } })
    const error = await h
      .client()
      .triggerRun({ message: 'hi' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiAuthenticationError)
    expect(error).toMatchObject({
      code: 'AUTHENTICATION',
      status: 401,
      requestId: h.mock.requests[0]?.requestId,
    })
    expect(h.mock.runs).toHaveLength(0)
  })

  test('bearer secrets authenticate as Authorization: Bearer', async () => {
    h = await harness(mode, { credentials: { apiSecret: 'prdm_wsp_token123', workspaceUid: 'ws-1' } })
    const client = h.client({ apiKey: undefined, apiSecret: 'prdm_wsp_token123', workspaceUid: 'ws-1' })
    const { agentSessionId } = await client.triggerRun({ message: 'hi' })
    expect((await client.getRun(agentSessionId)).workspaceUid).toBe('ws-1')
    expect(h.mock.requests[0]?.headers.authorization).toBe('[redacted]')
  })

  test('HTTP 500: DinoAiServerError, not retried', async () => {
    h = await harness(mode)
    h.mock.failNext(1, { kind: 'http', status: 500 })
    const error = await h
      .client()
      .getRun('x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiServerError)
    expect(error).toMatchObject({ code: 'SERVER', status: 500, requestId: h.mock.requests[0]?.requestId })
    expect(h.mock.requests).toHaveLength(1)
  })

  test('a non-JSON body: DinoAiBadResponseError', async () => {
    h = await harness(mode)
    h.mock.failNext(1, { kind: 'non-json', status: 200 })
    const error = await h
      .client()
      .getRun('x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiBadResponseError)
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', status: 200 })
  })

  test('a GraphQL error with HTTP 200: DinoAiGraphQLError with its code', async () => {
    h = await harness(mode)
    h.mock.failNext(1, { kind: 'graphql-error', message: 'boom', code: 'INTERNAL' })
    const error = await h
      .client()
      .triggerRun({ message: 'x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect(error).toMatchObject({
      graphqlCode: 'INTERNAL',
      operationName: 'TriggerDinoaiAgentRun',
      status: 200,
    })
  })

  test('429 with retries disabled: DinoAiRateLimitError with retryAfterMs', async () => {
    h = await harness(mode)
    h.mock.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 7 })
    const error = await h
      .client({ retry: false })
      .getRun('x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiRateLimitError)
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 7000 })
  })

  test('server-side validation (BAD_USER_INPUT) surfaces as DinoAiGraphQLError', async () => {
    h = await harness(mode)
    // Bypass the client's own validation by talking to the transport through a rewriting fetch.
    const rewrite = async (input: string | URL | Request, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { variables: Record<string, unknown> }
      body.variables = {}
      return h.fetch(input, { ...init, body: JSON.stringify(body) })
    }
    const error = await h
      .client({ fetch: rewrite })
      .triggerRun({ message: 'x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect((error as DinoAiGraphQLError).graphqlCode).toBe('BAD_USER_INPUT')
  })
})

describe.each(MODES)('request cancellation (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  /**
   * A client whose first request hangs on the mock and whose `signal` aborts with `reason` once
   * that request has arrived; `signals` are the signals its fetches got.
   */
  const abortedInFlight = (reason: string) => {
    h.mock.failNext(1, { kind: 'slow', delayMs: 60_000 })
    const signals: AbortSignal[] = []
    const controller = new AbortController()
    const client = h.client({
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal)
        void received(h.mock).then(() => controller.abort(new Error(reason)))
        return h.fetch(input, init)
      },
    })
    return { client, signals, signal: controller.signal }
  }

  test('aborting getRun cancels the in-flight fetch and rejects with the reason', async () => {
    h = await harness(mode)
    const { client, signals, signal } = abortedInFlight('give up')
    await expect(client.getRun('any', { signal })).rejects.toThrow('give up')
    expect(signals[0]?.aborted).toBe(true)
    expect(h.mock.requests).toHaveLength(1)
    expect(h.clock.pending()).toBe(0)
  })

  test('aborting triggerRun cancels its fetch too (urql does not tear down mutations)', async () => {
    h = await harness(mode)
    const { client, signals, signal } = abortedInFlight('never mind')
    await expect(client.triggerRun({ message: 'x' }, { signal })).rejects.toThrow('never mind')
    expect(signals[0]?.aborted).toBe(true)
    expect(h.mock.requests).toHaveLength(1)
    expect(h.clock.pending()).toBe(0)
  })
})
