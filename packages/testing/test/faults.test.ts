import {
  DinoAiAgentRunDocument,
  DinoAiAgentRunWithStepsDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import { type Fault, type MockDinoAiOptions, MockDinoAiUsageError } from '@dinoai/testing'
import { print } from 'graphql'
import { afterEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('faults (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())
  const start = async (options: MockDinoAiOptions = {}) => {
    h = await harness(mode, options)
  }
  const triggerRaw = (signal?: AbortSignal) =>
    h.fetch(h.mock.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(TriggerDinoAiAgentRunDocument), variables: { message: 'hi' } }),
      ...(signal ? { signal } : {}),
    })

  test.each([500, 502, 503, 504] as const)(
    'http %i is returned before processing: no run is created',
    async (status) => {
      await start()
      h.mock.failNext(1, { kind: 'http', status })
      const failed = await triggerRaw()
      expect(failed.status).toBe(status)
      expect((await failed.json()).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR')
      expect(h.mock.runs).toHaveLength(0)
      expect((await triggerRaw()).status).toBe(200)
      expect(h.mock.runs).toHaveLength(1)
    },
  )

  test('http with afterProcessing runs the mutation, then fails: the run exists', async () => {
    await start()
    h.mock.failNext(1, { kind: 'http', status: 502, afterProcessing: true })
    expect((await triggerRaw()).status).toBe(502)
    expect(h.mock.runs).toHaveLength(1)
  })

  test('rate-limit answers 429 with Retry-After and does not process', async () => {
    await start()
    h.mock.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 7 })
    const response = await triggerRaw()
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('7')
    expect((await response.json()).errors[0].extensions.code).toBe('RATE_LIMITED')
    expect(h.mock.runs).toHaveLength(0)
  })

  test('network fails the request like a refused connection, before processing', async () => {
    await start()
    h.mock.failNext(1, { kind: 'network' })
    const error = await triggerRaw().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    if (mode === 'in-process')
      expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED')
    expect(h.mock.runs).toHaveLength(0)
    expect(h.mock.requests[0]).toMatchObject({ status: 0, fault: 'network' })
    expect((await triggerRaw()).status).toBe(200)
  })

  test('network with afterProcessing drops the connection after the run was created', async () => {
    await start()
    h.mock.failNext(1, { kind: 'network', afterProcessing: true })
    const error = await triggerRaw().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    if (mode === 'in-process')
      expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET')
    expect(h.mock.runs).toHaveLength(1)
  })

  test('non-json answers an HTML body (HTTP 200 by default, or the given status)', async () => {
    await start()
    h.mock.failNext(1, { kind: 'non-json' })
    h.mock.failNext(1, { kind: 'non-json', status: 502 })
    const first = await triggerRaw()
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toMatch(/text\/html/)
    await expect(first.json()).rejects.toThrow(SyntaxError)
    expect((await triggerRaw()).status).toBe(502)
  })

  test('graphql-error answers HTTP 200 with an errors array and the given code', async () => {
    await start()
    h.mock.failNext(1, { kind: 'graphql-error', message: 'Agent pool exhausted.', code: 'SERVICE_BUSY' })
    const result = await gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })
    expect(result.status).toBe(200)
    expect(result.body).toEqual({
      data: null,
      errors: [{ message: 'Agent pool exhausted.', extensions: { code: 'SERVICE_BUSY' } }],
    })
    expect(h.mock.runs).toHaveLength(0)
  })

  test('steps-error: the next read with steps gets HTTP 200, steps and startupSteps null with an error at each path, status and messages intact', async () => {
    await start()
    const id = (await gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })).body.data
      .triggerDinoaiAgentRun.agentSessionId
    h.mock.failNext(1, { kind: 'steps-error' })
    // A read without steps does not take the fault.
    const plain = await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })
    expect(plain.body.errors).toBeUndefined()
    const partial = await gql(h, DinoAiAgentRunWithStepsDocument, { agentSessionId: id })
    expect(partial.status).toBe(200)
    expect(partial.body.data.dinoaiAgentRun).toMatchObject({
      ok: true,
      agentSessionId: id,
      status: 'RUNNING',
      messages: [{ role: 'user', content: 'hi' }],
      steps: null,
      startupSteps: null,
    })
    expect(partial.body.errors).toEqual([
      expect.objectContaining({
        message: "The agent's steps could not be read; status and messages are current.",
        path: ['dinoaiAgentRun', 'steps'],
        extensions: { code: 'STEPS_UNAVAILABLE' },
      }),
      expect.objectContaining({ path: ['dinoaiAgentRun', 'startupSteps'] }),
    ])
    expect(h.mock.requests.map((r) => r.fault)).toEqual([null, null, 'steps-error'])
    expect(h.mock.requests[2]?.status).toBe(200)
    // The read advanced the run as any read does, and the next one has steps again.
    const next = await gql(h, DinoAiAgentRunWithStepsDocument, { agentSessionId: id })
    expect(next.body.errors).toBeUndefined()
    expect(next.body.data.dinoaiAgentRun.steps.length).toBeGreaterThan(0)
  })

  test('steps-error under aliases: every run of a batched read loses its steps, each error at its alias', async () => {
    await start()
    const ids = []
    for (const m of ['a', 'b']) {
      ids.push(
        (await gql(h, TriggerDinoAiAgentRunDocument, { message: m })).body.data.triggerDinoaiAgentRun
          .agentSessionId,
      )
    }
    h.mock.failNext(1, { kind: 'steps-error', message: 'Steps store down.', code: 'UPSTREAM' })
    const result = await gql(
      h,
      `query Batch($a: String!, $b: String!) {
        r0: dinoaiAgentRun(agentSessionId: $a) { status steps { index } }
        r1: dinoaiAgentRun(agentSessionId: $b) { status steps { index } }
      }`,
      { a: ids[0], b: ids[1] },
    )
    expect(result.status).toBe(200)
    expect(result.body.data).toEqual({
      r0: { status: 'QUEUED', steps: null },
      r1: { status: 'QUEUED', steps: null },
    })
    expect(result.body.errors.map((e: { path: string[] }) => e.path)).toEqual([
      ['r0', 'steps'],
      ['r1', 'steps'],
    ])
    expect(result.body.errors[0]).toMatchObject({
      message: 'Steps store down.',
      extensions: { code: 'UPSTREAM' },
    })
  })

  test('slow delays the response through the injected sleep', async () => {
    const waits: number[] = []
    let release: () => void = () => {}
    await start({
      sleep: (ms) => {
        waits.push(ms)
        return new Promise<void>((resolve) => {
          release = resolve
        })
      },
    })
    h.mock.failNext(1, { kind: 'slow', delayMs: 30_000 })
    let settled = false
    const pending = triggerRaw().finally(() => {
      settled = true
    })
    await waitFor(() => waits.length === 1)
    expect(waits).toEqual([30_000])
    expect(settled).toBe(false)
    release()
    expect((await pending).status).toBe(200)
    expect(h.mock.runs).toHaveLength(1)
  })

  test('an aborted slow request stops waiting at once and is not processed', async () => {
    await start()
    h.mock.failNext(1, { kind: 'slow', delayMs: 60_000 })
    const controller = new AbortController()
    const pending = triggerRaw(controller.signal)
    await waitFor(() => h.mock.requests.length === 1)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    // Give the server a moment to see the closed connection, without timing anything.
    await waitFor(async () => {
      await new Promise((r) => setImmediate(r))
      return true
    })
    expect(h.mock.runs).toHaveLength(0)
  })

  test('an operation name targets the fault; n counts the requests that get it', async () => {
    await start()
    const id = (await gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })).body.data
      .triggerDinoaiAgentRun.agentSessionId
    h.mock.failNext(2, { kind: 'http', status: 503 }, 'DinoaiAgentRun')
    expect((await gql(h, TriggerDinoAiAgentRunDocument, { message: 'again' })).status).toBe(200)
    expect((await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })).status).toBe(503)
    expect((await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })).status).toBe(503)
    const third = await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })
    expect(third.status).toBe(200)
    // The failed reads did not advance the run.
    expect(third.body.data.dinoaiAgentRun.status).toBe('QUEUED')
    expect(h.mock.requests.map((r) => r.fault)).toEqual([null, null, 'http', 'http', null])
  })

  test('reset() drops pending faults', async () => {
    await start()
    h.mock.failNext(3, { kind: 'http', status: 500 })
    h.mock.reset()
    expect((await triggerRaw()).status).toBe(200)
  })

  test.each([
    ['n = 0', 0, { kind: 'http', status: 500 }],
    ['an unknown kind', 1, { kind: 'teapot' }],
    ['an http status outside 500-504', 1, { kind: 'http', status: 404 }],
    ['a negative delay', 1, { kind: 'slow', delayMs: -1 }],
  ])('failNext refuses %s', async (_name, n, fault) => {
    await start()
    expect(() => h.mock.failNext(n, fault as Fault)).toThrow(MockDinoAiUsageError)
  })
})

/** Polls a condition on the event loop (no timers): requests in flight settle within a few turns. */
async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await condition()) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error('condition never became true')
}
