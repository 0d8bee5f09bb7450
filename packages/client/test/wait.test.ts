import {
  createDinoAiClient,
  type DinoAiAgentRun,
  DinoAiAuthenticationError,
  DinoAiGraphQLError,
  DinoAiNetworkError,
  DinoAiRunFailedError,
  DinoAiWaitTimeoutError,
  systemClock,
} from '@dinoai/client'
import { createMockDinoAi } from '@dinoai/testing'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { API_KEY, API_SECRET, type Harness, harness, MODES, readRequests, received } from './helpers.js'

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

function operationOf(init?: RequestInit): string | undefined {
  try {
    return (JSON.parse(String(init?.body)) as { operationName?: string }).operationName
  } catch {
    return undefined
  }
}

describe.each(MODES)('waiting (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('resolves on COMPLETED; the first read is immediate; onUpdate sees each change', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'hi' })
    const start = h.clock.now()
    const updates: string[] = []
    const run = await client.waitForRun(agentSessionId, {
      onUpdate: (r) => updates.push(`${r.status}:${r.messages.length}`),
    })
    expect(run.status).toBe('COMPLETED')
    expect(run.messages.at(-1)?.role).toBe('agent')
    expect(updates).toEqual(['QUEUED:1', 'RUNNING:1', 'COMPLETED:2'])
    expect(readRequests(h.mock)).toHaveLength(3)
    // First read at once, then 900 ms and 1800 ms (1 s doubling, jitter 0.2 × 0.5).
    expect(h.clock.now() - start).toBe(2700)
    expect(h.clock.pending()).toBe(0)
  })

  test('onUpdate fires for a new message without a status change, not for unchanged reads', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'progress' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'halfway' } },
      {},
      { status: 'COMPLETED', message: { role: 'agent', content: 'done' } },
    ])
    const client = h.client()
    const updates: string[] = []
    const run = await client.triggerRunAndWait(
      { message: 'progress' },
      { onUpdate: (r) => updates.push(`${r.status}:${r.messages.at(-1)?.content}`) },
    )
    expect(run.messages.map((m) => m.content)).toEqual(['progress', 'halfway', 'done'])
    expect(updates).toEqual(['QUEUED:progress', 'RUNNING:progress', 'RUNNING:halfway', 'COMPLETED:done'])
    expect(readRequests(h.mock)).toHaveLength(5)
  })

  test.each(['FAILED', 'EXPIRED', 'STOPPED'] as const)(
    '%s rejects with DinoAiRunFailedError carrying the run',
    async (status) => {
      h = await harness(mode)
      h.mock.script({ agent: 'doomed' }, [{ status: 'RUNNING' }, { status }])
      const error = await h
        .client()
        .triggerRunAndWait({ agent: 'doomed' })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DinoAiRunFailedError)
      expect((error as DinoAiRunFailedError).run.status).toBe(status)
      // STOPPED and EXPIRED are subclasses with codes of their own; instanceof catches all three.
      expect((error as DinoAiRunFailedError).code).toBe(
        { FAILED: 'RUN_FAILED', EXPIRED: 'RUN_EXPIRED', STOPPED: 'RUN_STOPPED' }[status],
      )
      expect(h.clock.pending()).toBe(0)
    },
  )

  test('an unknown status is not terminal: polling goes on', async () => {
    h = await harness(mode)
    // A schema-true mock cannot send an unknown enum value, so rewrite RUNNING into PAUSED.
    const rewriting: Fetch = async (input, init) => {
      const response = await h.fetch(input, init)
      if (operationOf(init) !== 'DinoaiAgentRun') return response
      const text = (await response.text()).replace('"RUNNING"', '"PAUSED"')
      return new Response(text, { status: response.status, headers: response.headers })
    }
    h.mock.script({ message: 'pause' }, [{ status: 'RUNNING' }, {}, { status: 'COMPLETED' }])
    const client = h.client({ fetch: rewriting })
    const statuses: string[] = []
    const run = await client.triggerRunAndWait(
      { message: 'pause' },
      { onUpdate: (r) => statuses.push(r.status) },
    )
    expect(statuses).toEqual(['QUEUED', 'PAUSED', 'COMPLETED'])
    expect(run.status).toBe('COMPLETED')
    expect(readRequests(h.mock)).toHaveLength(4)
  })

  test('timeout: rejects at the deadline with the last run, never sleeping past it', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'forever' }, [{ neverEnding: true }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'forever' })
    const readTimes: number[] = []
    const timed = h.client({
      fetch: async (input, init) => {
        readTimes.push(h.clock.now())
        return h.fetch(input, init)
      },
    })
    const start = h.clock.now()
    const error = await timed
      .waitForRun(agentSessionId, { timeoutMs: 30_000, pollIntervalMs: 10_000, minDelayMs: 1_000 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiWaitTimeoutError)
    const timeout = error as DinoAiWaitTimeoutError
    expect(timeout.lastRun?.status).toBe('RUNNING')
    expect(timeout.timeoutMs).toBe(30_000)
    expect(h.clock.now() - start).toBe(30_000)
    const gaps = readTimes.slice(1).map((t, i) => t - (readTimes[i] as number))
    expect(readTimes[0]).toBe(start)
    expect(gaps).toEqual([900, 1800, 3600, 7200, 9000])
    expect(h.clock.pending()).toBe(0)
  })

  test('transient errors while polling do not end the wait', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    h.mock.failNext(2, { kind: 'http', status: 503 }, 'DinoaiAgentRun')
    h.mock.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 20 }, 'DinoaiAgentRun')
    h.mock.failNext(1, { kind: 'network', afterProcessing: true }, 'DinoaiAgentRun')
    const start = h.clock.now()
    const run = await client.waitForRun(agentSessionId)
    expect(run.status).toBe('COMPLETED')
    // 4 failed reads (the dropped one was processed, so it advanced the run) + 2 good ones.
    expect(readRequests(h.mock)).toHaveLength(6)
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(20_000)
  })

  test('an authentication error ends the wait at once', async () => {
    h = await harness(mode, { credentials: { apiKey: API_KEY, apiSecret: API_SECRET } })
    const badReads: Fetch = (input, init) => {
      if (operationOf(init) !== 'DinoaiAgentRun') return h.fetch(input, init)
      return h.fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), 'x-api-secret': 'revoked' },
      })
    }
    const client = h.client({ fetch: badReads })
    const error = await client.triggerRunAndWait({ message: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiAuthenticationError)
    expect(readRequests(h.mock)).toHaveLength(1)
    expect(h.clock.pending()).toBe(0)
  })

  test('a GraphQL error (e.g. validation) ends the wait at once', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    h.mock.failNext(1, { kind: 'graphql-error', code: 'GRAPHQL_VALIDATION_FAILED' }, 'DinoaiAgentRun')
    const error = await client.waitForRun(agentSessionId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect(readRequests(h.mock)).toHaveLength(1)
  })

  test('abort between reads: rejects with the reason, no more reads, no timers left', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'forever' }, [{ neverEnding: true }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'forever' })
    const controller = new AbortController()
    const reason = new Error('user cancelled')
    let updates = 0
    const error = await client
      .waitForRun(agentSessionId, {
        signal: controller.signal,
        onUpdate: () => {
          if (++updates === 2) controller.abort(reason)
        },
      })
      .catch((e: unknown) => e)
    expect(error).toBe(reason)
    expect(readRequests(h.mock)).toHaveLength(2)
    expect(h.clock.pending()).toBe(0)
  })

  test('abort during a read cancels the in-flight request', async () => {
    h = await harness(mode)
    const client0 = h.client()
    const { agentSessionId } = await client0.triggerRun({ message: 'x' })
    h.mock.failNext(1, { kind: 'slow', delayMs: 60_000 }, 'DinoaiAgentRun')
    const controller = new AbortController()
    const signals: AbortSignal[] = []
    const client = h.client({
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal)
        const response = h.fetch(input, init)
        void received(h.mock, 2).then(() => controller.abort(new Error('stop')))
        return response
      },
    })
    const error = await client
      .waitForRun(agentSessionId, { signal: controller.signal })
      .catch((e: unknown) => e)
    expect((error as Error).message).toBe('stop')
    expect(signals).toHaveLength(1)
    expect(signals[0]?.aborted).toBe(true)
    expect(h.clock.pending()).toBe(0)
  })

  test('an already aborted signal rejects before any request', async () => {
    h = await harness(mode)
    const reason = new Error('already')
    await expect(h.client().waitForRun('s', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(h.mock.requests).toHaveLength(0)
  })
})

describe('the real clock leaves no timers behind', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('timeout and abort with vi fake timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const mock = createMockDinoAi()
    mock.script({ message: 'forever' }, [{ neverEnding: true }])
    const client = createDinoAiClient({
      endpoint: 'https://dinoai.mock/graphql',
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      fetch: mock.fetch,
      clock: systemClock,
    })
    const { agentSessionId } = await client.triggerRun({ message: 'forever' })
    const timedOut = client.waitForRun(agentSessionId, { timeoutMs: 60_000 }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(61_000)
    expect(await timedOut).toBeInstanceOf(DinoAiWaitTimeoutError)
    // What may be left is the one timer all requests share for their timeouts: it wakes at the
    // oldest deadline still armed (unref'd, so it keeps no process alive) and ends once none is.
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(vi.getTimerCount()).toBe(0)

    const controller = new AbortController()
    const aborted = client.waitForRun(agentSessionId, { signal: controller.signal }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    controller.abort(new Error('bye'))
    expect(((await aborted) as Error).message).toBe('bye')
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('request timeout on the real clock', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('a hung trigger times out once, is not retried, and leaves no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const mock = createMockDinoAi()
    mock.failNext(1, { kind: 'slow', delayMs: 600_000 })
    const signals: AbortSignal[] = []
    const client = createDinoAiClient({
      endpoint: 'https://dinoai.mock/graphql',
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal)
        return mock.fetch(input, init)
      },
      requestTimeoutMs: 5_000,
    })
    const pending = client.triggerRun({ message: 'hang' }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(4_999)
    expect(mock.requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    const error = await pending
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    expect(error).toMatchObject({ timedOut: true, notSent: false })
    expect(mock.requests).toHaveLength(1)
    // The fetch was really cancelled: the mock's slow timer is gone with it.
    expect(signals[0]?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  test('requests in flight together each time out at their own deadline; one that answers never does', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const mock = createMockDinoAi()
    const client = createDinoAiClient({
      endpoint: 'https://dinoai.mock/graphql',
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      fetch: mock.fetch,
      requestTimeoutMs: 5_000,
      retry: false,
    })
    const { agentSessionId } = await client.triggerRun({ message: 'go' })
    const outcomes: string[] = []
    const hung = (label: string) => {
      mock.failNext(1, { kind: 'slow', delayMs: 600_000 })
      return client.getRun(agentSessionId).then(
        () => outcomes.push(`${label} answered`),
        (e: DinoAiNetworkError) => outcomes.push(`${label} ${e.timedOut ? 'timed out' : e.message}`),
      )
    }
    const first = hung('first')
    await vi.advanceTimersByTimeAsync(1_000)
    const second = hung('second')
    await vi.advanceTimersByTimeAsync(1_000)
    // Answers at once, well before its deadline.
    expect((await client.getRun(agentSessionId)).agentSessionId).toBe(agentSessionId)
    await vi.advanceTimersByTimeAsync(2_999)
    expect(outcomes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(outcomes).toEqual(['first timed out'])
    await vi.advanceTimersByTimeAsync(999)
    expect(outcomes).toEqual(['first timed out'])
    await vi.advanceTimersByTimeAsync(1)
    await Promise.all([first, second])
    expect(outcomes).toEqual(['first timed out', 'second timed out'])
    // The answered read's deadline passes without a word, and no timer is left.
    await vi.advanceTimersByTimeAsync(10_000)
    expect(outcomes).toHaveLength(2)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe.each(MODES)('follow-ups (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  const lastAgentReply = (run: DinoAiAgentRun) => run.messages.findLast((m) => m.role !== 'user')?.content

  test('the trap: a plain wait right after a follow-up returns the previous answer', async () => {
    h = await harness(mode)
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'first question' })
    await client.sendMessage(first.agentSessionId, 'second question')
    const stale = await client.waitForRun(first.agentSessionId)
    expect(lastAgentReply(stale)).toContain('first question')
  })

  test.each([1, 3])(
    'sendMessageAndWait returns the reply to the follow-up (stale polls: %i)',
    async (stalePolls) => {
      h = await harness(mode, { followUpStalePolls: stalePolls })
      const client = h.client()
      const first = await client.triggerRunAndWait({ message: 'first question' })
      const second = await client.sendMessageAndWait(first.agentSessionId, 'second question')
      expect(second.status).toBe('COMPLETED')
      expect(lastAgentReply(second)).toContain('second question')
      // It remembered the transcript from the first wait: no read before sending.
      const ops = h.mock.requests.map((r) => r.operationName)
      expect(ops[ops.indexOf('SendDinoaiAgentMessage') - 1]).toBe('DinoaiAgentRun')
      expect(ops.filter((o) => o === 'DinoaiAgentRun')).toHaveLength(3 + 2 + stalePolls)
    },
  )

  test('a fresh client reads the transcript once before sending, to know what is old', async () => {
    h = await harness(mode)
    const first = await h.client().triggerRunAndWait({ message: 'first question' })
    const fresh = h.client()
    const before = h.mock.requests.length
    const second = await fresh.sendMessageAndWait(first.agentSessionId, 'second question')
    expect(lastAgentReply(second)).toContain('second question')
    expect(h.mock.requests.slice(before).map((r) => r.operationName)[0]).toBe('DinoaiAgentRun')
  })

  test("waitForRun and waitForRunTree honour followUp: the cutoff moves to the follow-up's ts", async () => {
    h = await harness(mode, { followUpStalePolls: 2 })
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'first question' })
    // A cutoff from before the first turn's reply, as a caller that read too early would have.
    const early = Math.min(...first.messages.map((m) => m.ts))
    await client.sendMessage(first.agentSessionId, 'second question')
    const stale = await client.waitForRun(first.agentSessionId, { afterTs: early })
    expect(lastAgentReply(stale)).toContain('first question')
    const options = { afterTs: early, followUp: 'second question' }
    const tree = await client.waitForRunTree(first.agentSessionId, options)
    expect(lastAgentReply(tree.run)).toContain('second question')
    await client.sendMessage(first.agentSessionId, 'third question')
    const third = await client.waitForRun(first.agentSessionId, {
      afterTs: early,
      followUp: 'third question',
    })
    expect(lastAgentReply(third)).toContain('third question')
  })

  test('sendMessageAndWait with includeChildren also waits for the reply to its own message', async () => {
    h = await harness(mode, { followUpStalePolls: 2 })
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'first question' })
    const early = Math.min(...first.messages.map((m) => m.ts))
    const second = await client.sendMessageAndWait(first.agentSessionId, 'second question', {
      afterTs: early,
      includeChildren: true,
      followUp: 'ignored: the message is the follow-up',
    })
    expect(lastAgentReply(second)).toContain('second question')
  })

  test('a follow-up turn that fails rejects with DinoAiRunFailedError', async () => {
    h = await harness(mode)
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'first question' })
    h.mock.script({ message: 'break it' }, [{ status: 'RUNNING' }, { status: 'FAILED' }])
    const error = await client.sendMessageAndWait(first.agentSessionId, 'break it').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiRunFailedError)
    expect((error as DinoAiRunFailedError).run.status).toBe('FAILED')
  })
})
