import { createServer } from 'node:net'
import {
  createDinoAiClient,
  DinoAiNetworkError,
  DinoAiRateLimitError,
  DinoAiServerError,
} from '@dinoai/client'
import { afterEach, describe, expect, test } from 'vitest'
import { DinoAiAuthenticationError, DinoAiGraphQLError } from '../src/errors/errors.js'
import { backoffDelay, DEFAULT_RETRY, isRetryable } from '../src/wire/retry.js'
import { API_KEY, API_SECRET, createVirtualClock, type Harness, harness, MODES } from './helpers.js'

const net = (notSent: boolean) => new DinoAiNetworkError('x', { notSent })

describe('retry rules', () => {
  test('reads retry network errors, 429 and 502/503/504, not 500 or GraphQL/auth errors', () => {
    const p = DEFAULT_RETRY
    expect(isRetryable(net(true), 'query', p)).toBe(true)
    expect(isRetryable(net(false), 'query', p)).toBe(true)
    expect(isRetryable(new DinoAiRateLimitError('x', {}), 'query', p)).toBe(true)
    for (const status of [502, 503, 504])
      expect(isRetryable(new DinoAiServerError('x', { status }), 'query', p)).toBe(true)
    expect(isRetryable(new DinoAiServerError('x', { status: 500 }), 'query', p)).toBe(false)
    expect(isRetryable(new DinoAiGraphQLError('x', { errors: [] }), 'query', p)).toBe(false)
    expect(isRetryable(new DinoAiAuthenticationError('x', { status: 401 }), 'query', p)).toBe(false)
  })

  test('mutations retry only refused connections and 429', () => {
    const p = DEFAULT_RETRY
    expect(isRetryable(net(true), 'mutation', p)).toBe(true)
    expect(isRetryable(new DinoAiRateLimitError('x', {}), 'mutation', p)).toBe(true)
    expect(isRetryable(net(false), 'mutation', p)).toBe(false)
    expect(isRetryable(new DinoAiNetworkError('x', { notSent: false, timedOut: true }), 'mutation', p)).toBe(
      false,
    )
    for (const status of [500, 502, 503, 504]) {
      expect(isRetryable(new DinoAiServerError('x', { status }), 'mutation', p)).toBe(false)
    }
    const off = { ...p, retryMutations: false }
    expect(isRetryable(net(true), 'mutation', off)).toBe(false)
    expect(isRetryable(new DinoAiRateLimitError('x', {}), 'mutation', off)).toBe(false)
  })

  test('a Retry-After beyond maxRetryAfterMs is not retried', () => {
    const error = new DinoAiRateLimitError('x', { retryAfterMs: 120_000 })
    expect(isRetryable(error, 'query', DEFAULT_RETRY)).toBe(false)
    expect(isRetryable(error, 'query', { ...DEFAULT_RETRY, maxRetryAfterMs: 200_000 })).toBe(true)
  })

  test('backoff doubles from the minimum, is capped, and jitter only shortens it', () => {
    const none = () => 0
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 500, 5_000, 0.5, none))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000,
    ])
    expect(backoffDelay(2, 500, 5_000, 0.5, () => 0.999)).toBe(500)
    expect(backoffDelay(2, 500, 5_000, 0, () => 0.999)).toBe(1000)
  })
})

describe.each(MODES)('retries against the mock (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test.each([
    [{ kind: 'http', status: 502 }],
    [{ kind: 'http', status: 503 }],
    [{ kind: 'http', status: 504 }],
    [{ kind: 'network' }],
    [{ kind: 'network', afterProcessing: true }],
    [{ kind: 'rate-limit' }],
  ] as const)('getRun retries %j and succeeds', async (fault) => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    h.mock.failNext(2, fault, 'DinoaiAgentRun')
    const run = await client.getRun(agentSessionId)
    expect(run.agentSessionId).toBe(agentSessionId)
    expect(h.mock.requests.filter((r) => r.operationName === 'DinoaiAgentRun')).toHaveLength(3)
    // Two sleeps through the injected clock: the mock's Retry-After (1 s) for 429s, else the
    // backoff (500 then 1000 ms, shortened by jitter 0.5 × random 0.5).
    expect(h.clock.sleeps).toEqual(fault.kind === 'rate-limit' ? [1000, 1000] : [375, 750])
  })

  test('getRun gives up after maxAttempts with the last error', async () => {
    h = await harness(mode)
    h.mock.failNext(10, { kind: 'http', status: 503 })
    const error = await h
      .client({ retry: { maxAttempts: 3 } })
      .getRun('x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiServerError)
    expect(h.mock.requests).toHaveLength(3)
  })

  test('Retry-After is honoured', async () => {
    h = await harness(mode)
    h.mock.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 7 })
    await h
      .client()
      .getRun('x')
      .catch(() => {})
    expect(h.clock.sleeps).toEqual([7000])
    expect(h.mock.requests).toHaveLength(2)
  })

  test.each([
    ['trigger', 'TriggerDinoaiAgentRun'],
    ['message', 'SendDinoaiAgentMessage'],
  ] as const)(
    '%s: a refused connection and a 429 are retried, and delivered exactly once',
    async (which, op) => {
      h = await harness(mode)
      const client = h.client()
      const { agentSessionId } = await client.triggerRun({ message: 'setup' })
      // Over HTTP the mock can only drop a connection (indistinguishable from a drop after
      // processing); a real refused connection is tested against a closed port below.
      const refused = mode === 'in-process' ? 1 : 0
      if (refused) h.mock.failNext(1, { kind: 'network' }, op)
      h.mock.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 1 }, op)
      if (which === 'trigger') await client.triggerRun({ message: 'once' })
      else await client.sendMessage(agentSessionId, 'once')
      expect(h.mock.requests.filter((r) => r.operationName === op)).toHaveLength(
        (which === 'trigger' ? 3 : 2) + refused,
      )
      if (which === 'trigger')
        expect(h.mock.runs.filter((r) => r.messages[0]?.content === 'once')).toHaveLength(1)
      else expect(h.mock.runs[0]?.messages.filter((m) => m.content === 'once')).toHaveLength(1)
    },
  )

  test.each([
    [{ kind: 'http', status: 502, afterProcessing: true }, DinoAiServerError],
    [{ kind: 'http', status: 503, afterProcessing: true }, DinoAiServerError],
    [{ kind: 'http', status: 504, afterProcessing: true }, DinoAiServerError],
    [{ kind: 'http', status: 500, afterProcessing: true }, DinoAiServerError],
    [{ kind: 'network', afterProcessing: true }, DinoAiNetworkError],
  ] as const)('a mutation that may have been processed (%j) is never retried', async (fault, errorClass) => {
    h = await harness(mode)
    const client = h.client()
    h.mock.failNext(1, fault, 'TriggerDinoaiAgentRun')
    const error = await client.triggerRun({ message: 'only once' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(errorClass)
    expect(h.mock.requests).toHaveLength(1)
    expect(h.mock.runs).toHaveLength(1)
    const { agentSessionId } = h.mock.runs[0] as { agentSessionId: string }
    h.mock.failNext(1, fault, 'SendDinoaiAgentMessage')
    await expect(client.sendMessage(agentSessionId, 'follow-up once')).rejects.toBeInstanceOf(errorClass)
    expect(h.mock.runs[0]?.messages.filter((m) => m.content === 'follow-up once')).toHaveLength(1)
    expect(h.mock.requests).toHaveLength(2)
  })

  test('a mutation that timed out is not retried', async () => {
    h = await harness(mode)
    const client = h.client({ requestTimeoutMs: 5_000 })
    h.clock.advanceWhileInFlight = true
    h.mock.failNext(1, { kind: 'slow', delayMs: 60_000 }, 'TriggerDinoaiAgentRun')
    const error = await client.triggerRun({ message: 'slow' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    expect(error).toMatchObject({ timedOut: true, notSent: false })
    expect(h.mock.requests.filter((r) => r.operationName === 'TriggerDinoaiAgentRun')).toHaveLength(1)
    expect(h.mock.runs.length).toBeLessThanOrEqual(1)
    expect(h.clock.pending()).toBe(0)
  })

  test.runIf(mode === 'in-process')(
    'retryMutations: false does not retry even a refused connection',
    async () => {
      h = await harness(mode)
      h.mock.failNext(1, { kind: 'network' })
      const error = await h
        .client({ retry: { retryMutations: false } })
        .triggerRun({ message: 'x' })
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'NETWORK', notSent: true, causeCode: 'ECONNREFUSED' })
      expect(h.mock.requests).toHaveLength(1)
      expect(h.mock.runs).toHaveLength(0)
    },
  )

  test('retry: false does not retry reads', async () => {
    h = await harness(mode)
    h.mock.failNext(1, { kind: 'http', status: 503 })
    await expect(h.client({ retry: false }).getRun('x')).rejects.toBeInstanceOf(DinoAiServerError)
    expect(h.mock.requests).toHaveLength(1)
  })
})

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (typeof address !== 'object' || address === null) return reject(new Error('no port'))
      server.close(() => resolve(address.port))
    })
  })
}

describe('a really closed port on 127.0.0.1 (HTTP)', () => {
  test('triggerRun: ECONNREFUSED is a not-sent network error and is retried up to maxAttempts', async () => {
    const port = await closedPort()
    const clock = createVirtualClock()
    let attempts = 0
    const client = createDinoAiClient({
      endpoint: `http://127.0.0.1:${port}/graphql`,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      clock,
      fetch: clock.track((input, init) => {
        attempts++
        return fetch(input, init)
      }),
      retry: { maxAttempts: 3 },
      requestTimeoutMs: 0,
    })
    const error = await client.triggerRun({ message: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    expect(error).toMatchObject({ notSent: true, causeCode: 'ECONNREFUSED', status: undefined })
    expect(attempts).toBe(3)
    expect(clock.sleeps).toHaveLength(2)
  })
})
