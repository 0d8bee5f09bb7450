import { createDinoAiClient, DinoAiBadResponseError, DinoAiNetworkError } from '@dinoai/client'
import { DinoAiAgentRunDocument, resultShapeOf } from '@dinoai/operations'
import { createMockDinoAi } from '@dinoai/testing'
import { Client, createRequest, makeOperation, type OperationResult, stringifyDocument } from '@urql/core'
import { describe, expect, test } from 'vitest'
import { type DinoAiContext, fetchExchange } from '../src/wire/exchange.js'
import type { Answer } from '../src/wire/response.js'
import { API_KEY, API_SECRET } from './helpers.js'

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

const url = 'https://dinoai.mock/graphql'
const TRIGGER = 'mutation Trigger($message: String!) { triggerDinoaiAgentRun(message: $message) { ok } }'

/** A fetch that answers only when told to, and rejects with the signal's reason when aborted. */
function heldFetch() {
  const calls: { init: RequestInit; answer(response: Response): void }[] = []
  const fetch: Fetch = (_input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true })
      calls.push({ init, answer: resolve })
    })
  return { fetch, calls }
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
    ...init,
  })

function urqlClient(fetch: Fetch) {
  return new Client({
    url,
    exchanges: [fetchExchange],
    fetch: fetch as typeof globalThis.fetch,
    requestPolicy: 'network-only',
    fetchOptions: { headers: { 'x-test': 'yes' } },
  })
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

// What the transport puts on every operation: what the answer is expected to be.
const context: DinoAiContext = {
  expect: {
    endpoint: url,
    operationName: 'DinoaiAgentRun',
    maxResponseBytes: 1024 * 1024,
    shape: resultShapeOf(DinoAiAgentRunDocument),
  },
}
// The document as text: what the exchange emits is an Answer, not the document's own data type.
const RUN = stringifyDocument(DinoAiAgentRunDocument)
const runAnswer = {
  ok: true,
  agentSessionId: 's-1',
  status: 'RUNNING',
  messages: [],
  childSessionIds: [],
  workspaceUid: 'w',
}

/** A read subscribed on a held fetch, once its fetch has started. */
async function subscribedRead() {
  const { fetch, calls } = heldFetch()
  const results: OperationResult<Answer>[] = []
  const subscription = urqlClient(fetch)
    .query<Answer>(RUN, { agentSessionId: 's-1' }, context)
    .subscribe((r) => results.push(r))
  await tick()
  return { calls, results, subscription }
}

describe('fetchExchange', () => {
  test('POSTs the operation as JSON with the context headers', async () => {
    const { fetch, calls } = heldFetch()
    const client = urqlClient(fetch)
    const result = client.query<Answer>(RUN, { agentSessionId: 's-1' }, context).toPromise()
    await tick()
    const init = calls[0]?.init
    expect(init?.method).toBe('POST')
    expect(init?.headers).toEqual({ 'x-test': 'yes' })
    expect(JSON.parse(String(init?.body))).toEqual({
      operationName: 'DinoaiAgentRun',
      query: stringifyDocument(DinoAiAgentRunDocument),
      variables: { agentSessionId: 's-1' },
    })
    calls[0]?.answer(json({ data: { dinoaiAgentRun: runAnswer } }))
    // The exchange emits the response path's verdict: here, the Answer with the checked data.
    expect((await result).data).toMatchObject({ data: { dinoaiAgentRun: runAnswer }, errors: [] })
  })

  test('an operation without its expectation is refused before any fetch', async () => {
    const { fetch, calls } = heldFetch()
    const r = await urqlClient(fetch).query<Answer>(RUN, { agentSessionId: 's-1' }).toPromise()
    expect(calls).toHaveLength(0)
    expect(r.error?.networkError?.message).toMatch(/without context.expect/)
  })

  test('a teardown while in flight aborts the fetch', async () => {
    const { calls, results, subscription } = await subscribedRead()
    const signal = calls[0]?.init.signal
    expect(signal?.aborted).toBe(false)
    subscription.unsubscribe()
    expect(signal?.aborted).toBe(true)
    // A given reason: no DOMException is built for a teardown.
    expect(signal?.reason).toBeInstanceOf(Error)
    expect(signal?.reason).not.toBeInstanceOf(DOMException)
    await tick()
    expect(results).toHaveLength(0)
  })

  test('a completed request is not aborted by its teardown', async () => {
    const { calls, results, subscription } = await subscribedRead()
    calls[0]?.answer(json({ data: { dinoaiAgentRun: runAnswer } }))
    await tick()
    expect(results).toHaveLength(1)
    subscription.unsubscribe()
    expect(calls[0]?.init.signal?.aborted).toBe(false)
  })

  test("a mutation's fetch is aborted when its teardown is dispatched", async () => {
    const { fetch, calls } = heldFetch()
    const client = urqlClient(fetch)
    const operation = client.createRequestOperation(
      'mutation',
      createRequest(TRIGGER, { message: 'x' }),
      context,
    )
    const subscription = client.executeRequestOperation(operation).subscribe(() => {})
    await tick()
    expect(calls).toHaveLength(1)
    subscription.unsubscribe()
    // urql's Client does not tear a mutation down on unsubscribe...
    expect(calls[0]?.init.signal?.aborted).toBe(false)
    // ...so the caller dispatches the teardown, and the exchange aborts the fetch.
    client.reexecuteOperation(makeOperation('teardown', operation))
    expect(calls[0]?.init.signal?.aborted).toBe(true)
  })

  test('keeps GraphQL errors and the response facts in the Answer; the Response stays inside', async () => {
    const { fetch, calls } = heldFetch()
    const client = urqlClient(fetch)
    const result = client.query<Answer>(RUN, { agentSessionId: 's-1' }, context).toPromise()
    await tick()
    calls[0]?.answer(
      json(
        { data: null, errors: [{ message: 'nope', extensions: { code: 'NOT_FOUND' } }] },
        { headers: { 'x-request-id': 'req-7' } },
      ),
    )
    const r = await result
    expect(r.error).toBeUndefined()
    expect(r.data).toEqual({
      data: null,
      errors: [{ message: 'nope', extensions: { code: 'NOT_FOUND' } }],
      problems: new Map(),
      facts: { status: 200, requestId: 'req-7', operationName: 'DinoaiAgentRun' },
    })
  })

  test('a run that breaks its shape is a problem of its own field, not a thrown error', async () => {
    const client = urqlClient(async () => json({ data: { dinoaiAgentRun: { ...runAnswer, status: 42 } } }))
    const r = await client.query<Answer>(RUN, { agentSessionId: 's-1' }, context).toPromise()
    const problem = r.data?.problems.get('dinoaiAgentRun')
    expect(problem).toBeInstanceOf(DinoAiBadResponseError)
    expect(problem?.message).toMatch(/data\.dinoaiAgentRun\.status: expected a non-null enum string, got 42/)
  })

  test.each([
    ['a body that is not JSON', new Response('<html>bad gateway</html>', { status: 200 }), /not JSON/],
    [
      'an HTML page',
      new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      /\(content-type text\/html\) with a body that is not JSON/,
    ],
    ['JSON that is not a GraphQL response', json({ hello: 'world' }), /neither data nor errors/],
    ['JSON that is not an object', json(42), /not a GraphQL response object/],
    ['an errors array of nulls', json({ errors: [null] }), /without a string message/],
    ['an errors member that is a string', json({ errors: 'boom' }), /`errors` member that is not a list/],
    ['an errors member that is an object', json({ errors: { message: 'x' } }), /at errors:/],
  ])('%s is a BAD_RESPONSE verdict', async (_label, response, reason) => {
    const client = urqlClient(async () => response)
    const r = await client.query<Answer>(RUN, { agentSessionId: 's-1' }, context).toPromise()
    expect(r.data).toBeUndefined()
    expect(r.error?.networkError).toBeInstanceOf(DinoAiBadResponseError)
    expect(r.error?.networkError?.message).toMatch(reason)
  })

  test('a failed fetch is a NETWORK verdict that keeps the system code', async () => {
    const failure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    })
    const client = urqlClient(async () => {
      throw failure
    })
    const r = await client.query<Answer>(RUN, { agentSessionId: 's-1' }, context).toPromise()
    const error = r.error?.networkError
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    expect(error).toMatchObject({ causeCode: 'ECONNREFUSED', notSent: true })
  })

  test('GraphQL errors with a 4xx stay errors of the Answer, for the caller to judge', async () => {
    const client = urqlClient(async () =>
      json({ errors: [{ message: 'Cannot query field "x"' }] }, { status: 400 }),
    )
    const r = await client.query<Answer>(RUN, { agentSessionId: 's-1' }, context).toPromise()
    expect(r.data?.errors.map((e) => e.message)).toEqual(['Cannot query field "x"'])
    expect(r.data?.facts.status).toBe(400)
    expect(r.error).toBeUndefined()
  })
})

describe('the client on the exchange', () => {
  test("a completed getRun leaves its fetch's signal alone; the response facts reach the errors", async () => {
    const mock = createMockDinoAi()
    const signals: AbortSignal[] = []
    const client = createDinoAiClient({
      endpoint: url,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      retry: false,
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal)
        return mock.fetch(input, init)
      },
    })
    const { agentSessionId } = await client.triggerRun({ message: 'hello' })
    await client.getRun(agentSessionId)
    expect(signals).toHaveLength(2)
    expect(signals.map((s) => s.aborted)).toEqual([false, false])
    mock.failNext(1, { kind: 'rate-limit', retryAfterSeconds: 7 })
    await expect(client.getRun(agentSessionId)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterMs: 7_000,
    })
  })
})
