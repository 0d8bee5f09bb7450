import { createDinoAiClient } from '@dinoai/client'
import { DinoAiAgentRunDocument } from '@dinoai/operations'
import { createMockDinoAi } from '@dinoai/testing'
import { Client, createRequest, makeOperation, type OperationResult, stringifyDocument } from '@urql/core'
import { describe, expect, test } from 'vitest'
import { fetchExchange } from '../src/exchange.js'
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

/** A read subscribed on a held fetch, once its fetch has started. */
async function subscribedRead() {
  const { fetch, calls } = heldFetch()
  const results: OperationResult[] = []
  const subscription = urqlClient(fetch)
    .query(DinoAiAgentRunDocument, { agentSessionId: 's-1' })
    .subscribe((r) => results.push(r))
  await tick()
  return { calls, results, subscription }
}

describe('fetchExchange', () => {
  test('POSTs the operation as JSON with the context headers', async () => {
    const { fetch, calls } = heldFetch()
    const client = urqlClient(fetch)
    const result = client.query(DinoAiAgentRunDocument, { agentSessionId: 's-1' }).toPromise()
    await tick()
    const init = calls[0]?.init
    expect(init?.method).toBe('POST')
    expect(init?.headers).toEqual({ 'x-test': 'yes' })
    expect(JSON.parse(String(init?.body))).toEqual({
      operationName: 'DinoaiAgentRun',
      query: stringifyDocument(DinoAiAgentRunDocument),
      variables: { agentSessionId: 's-1' },
    })
    calls[0]?.answer(json({ data: { dinoaiAgentRun: null } }))
    expect((await result).data).toEqual({ dinoaiAgentRun: null })
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
    calls[0]?.answer(json({ data: { dinoaiAgentRun: null } }))
    await tick()
    expect(results).toHaveLength(1)
    subscription.unsubscribe()
    expect(calls[0]?.init.signal?.aborted).toBe(false)
  })

  test("a mutation's fetch is aborted when its teardown is dispatched", async () => {
    const { fetch, calls } = heldFetch()
    const client = urqlClient(fetch)
    const operation = client.createRequestOperation('mutation', createRequest(TRIGGER, { message: 'x' }))
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

  test('hands the response to onResponse and keeps GraphQL errors in the result', async () => {
    const { fetch, calls } = heldFetch()
    const client = urqlClient(fetch)
    const seen: Response[] = []
    const result = client
      .query(
        DinoAiAgentRunDocument,
        { agentSessionId: 's-1' },
        { onResponse: (response: Response) => seen.push(response) },
      )
      .toPromise()
    await tick()
    calls[0]?.answer(
      json(
        { errors: [{ message: 'nope', extensions: { code: 'NOT_FOUND' } }] },
        { headers: { 'x-request-id': 'req-7' } },
      ),
    )
    const r = await result
    expect(seen.map((response) => [response.status, response.headers.get('x-request-id')])).toEqual([
      [200, 'req-7'],
    ])
    expect(r.error?.graphQLErrors.map((e) => e.message)).toEqual(['nope'])
    expect(r.error?.response).toBe(seen[0])
  })

  test.each([
    ['a body that is not JSON', new Response('<html>bad gateway</html>', { status: 200 }), /not JSON/],
    ['JSON that is not a GraphQL response', json({ hello: 'world' }), /neither data nor errors/],
    ['JSON that is not an object', json(42), /not a GraphQL response object/],
    ['an errors array of nulls', json({ errors: [null] }), /without a string message/],
  ])('%s becomes a body-problem error result with the response', async (_label, response, reason) => {
    const seen: Response[] = []
    const client = urqlClient(async () => response)
    const r = await client
      .query(DinoAiAgentRunDocument, { agentSessionId: 's-1' }, { onResponse: (x: Response) => seen.push(x) })
      .toPromise()
    expect(seen).toEqual([response])
    expect(r.data).toBeUndefined()
    expect(r.error?.networkError?.name).toBe('ResponseBodyProblem')
    expect(r.error?.networkError?.message).toMatch(reason)
    expect(r.error?.response).toBe(response)
  })

  test('a failed fetch hands its own error over, with no response', async () => {
    const failure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    })
    const seen: Response[] = []
    const client = urqlClient(async () => {
      throw failure
    })
    const r = await client
      .query(DinoAiAgentRunDocument, { agentSessionId: 's-1' }, { onResponse: (x: Response) => seen.push(x) })
      .toPromise()
    expect(seen).toHaveLength(0)
    expect(r.error?.networkError).toBe(failure)
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
