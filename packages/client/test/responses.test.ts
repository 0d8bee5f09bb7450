import {
  createDinoAiClient,
  DinoAiBadResponseError,
  type DinoAiClient,
  DinoAiGraphQLError,
  DinoAiNetworkError,
  DinoAiValidationError,
} from '@dinoai/client'
import { schemaSdl } from '@dinoai/operations'
import { editSchemaSdl, type MockDinoAi } from '@dinoai/testing'
import { assertObjectType, buildSchema } from 'graphql'
import { describe, expect, test } from 'vitest'
import { API_SECRET, clientOn, credentialed, triggerOn } from './helpers.js'

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>
type Body = Record<string, unknown>
/** Rewrites the mock's answer to one operation; returning a string sends it as the raw body. */
type Edit = (body: Body, operationName: string) => unknown

const SECRET = API_SECRET

function operationOf(init: RequestInit | undefined): string {
  return (JSON.parse(String(init?.body)) as { operationName: string }).operationName
}

/** A proxy in front of the mock that edits answers, and counts the requests it saw. */
function tampering(fetch: Fetch, edit: Edit): Fetch & { calls: string[] } {
  const calls: string[] = []
  const proxy = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const name = operationOf(init)
    calls.push(name)
    const response = await fetch(input, init)
    const edited = edit((await response.json()) as Body, name)
    const text = typeof edited === 'string' ? edited : JSON.stringify(edited)
    return new Response(text, { status: response.status, headers: response.headers })
  }
  return Object.assign(proxy, { calls })
}

const newMock = (): MockDinoAi => credentialed()

function setUp(edit: Edit, options: Parameters<typeof createDinoAiClient>[0] = {}, mock = newMock()) {
  const fetch = tampering(mock.fetch, edit)
  const client = clientOn(mock, { fetch, clock: mock.clock, ...options })
  return { mock, fetch, client }
}

/** The run under the answer's first field (the read, or a batch's first alias), edited in place. */
function editRun(change: (run: Body) => void): Edit {
  return (body, name) => {
    if (!name.startsWith('DinoaiAgentRun')) return body
    const data = body.data as Record<string, Body>
    const key = Object.keys(data)[0] as string
    change(data[key] as Body)
    return body
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`resolved with ${JSON.stringify(value)}`)
    },
    (error: unknown) => error,
  )
}

describe('a body that is not a GraphQL response is BAD_RESPONSE, never NETWORK, and not retried', () => {
  test.each([
    ['null', 'null', '$'],
    ['a number', '42', '$'],
    ['a string', '"ok"', '$'],
    ['an array', '[{"data":{}}]', '$'],
    ['an HTML page', '<html>502 Bad Gateway</html>', '$'],
    ['truncated JSON', '{"data":{"dinoaiAgentRun":{"ok":tr', '$'],
    ['an empty object', '{}', '$'],
    ['data as a string', '{"data":"run"}', 'data'],
    ['errors: [null]', '{"errors":[null]}', 'errors[0]'],
    ['errors of numbers', '{"errors":[1,2]}', 'errors[0]'],
    ['an error message that is not a string', '{"errors":[{"message":{"text":"x"}}]}', 'errors[0]'],
    ['errors as a number', '{"errors":5}', 'errors'],
  ])('%s', async (_label, raw, jsonPath) => {
    const { mock, fetch, client } = setUp(() => raw)
    const id = await triggerOn(mock)
    const error = await rejection(client.getRun(id))
    expect(error).toBeInstanceOf(DinoAiBadResponseError)
    const bad = error as DinoAiBadResponseError
    expect(bad.code).toBe('BAD_RESPONSE')
    expect(bad.operationName).toBe('DinoaiAgentRun')
    expect(bad.jsonPath).toBe(jsonPath)
    expect(bad.message).toMatch(/^DinoaiAgentRun: the DinoAI API answered HTTP 200 with /)
    expect(bad.excerpt?.length).toBeLessThanOrEqual(121)
    // A read is retried on network faults: a BAD_RESPONSE is not one.
    expect(fetch.calls).toEqual(['DinoaiAgentRun'])
  })

  test.each([
    ['a path that is a number', { message: 'Run not found', path: 5 }],
    ['a path that is an object', { message: 'Run not found', path: { at: 'run' } }],
    ['extensions that are a string', { message: 'Run not found', extensions: 'NOT_FOUND' }],
  ])('an error with a usable message but %s is GRAPHQL, with the bad part dropped', async (_l, entry) => {
    const { mock, fetch, client } = setUp(() => ({ data: null, errors: [entry] }))
    const error = await rejection(client.getRun(await triggerOn(mock)))
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect((error as DinoAiGraphQLError).errors).toEqual([{ message: 'Run not found' }])
    expect(fetch.calls).toHaveLength(1)
  })

  test('a usable message beside data that is not an object is GRAPHQL with the message', async () => {
    const { mock, client } = setUp(() => ({ data: 'oops', errors: [{ message: 'Backend exploded' }] }))
    const error = await rejection(client.getRun(await triggerOn(mock)))
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect((error as Error).message).toContain('Backend exploded')
  })
})

describe('data that does not match the document is BAD_RESPONSE with the JSON path', () => {
  const cases: [string, (run: Body) => void, string][] = [
    ['messages missing', (r) => delete r.messages, 'data.dinoaiAgentRun.messages'],
    ['messages null', (r) => (r.messages = null), 'data.dinoaiAgentRun.messages'],
    ['messages a string', (r) => (r.messages = 'hello'), 'data.dinoaiAgentRun.messages'],
    ['messages [null]', (r) => (r.messages = [null]), 'data.dinoaiAgentRun.messages[0]'],
    ['childSessionIds missing', (r) => delete r.childSessionIds, 'data.dinoaiAgentRun.childSessionIds'],
    ['childSessionIds null', (r) => (r.childSessionIds = null), 'data.dinoaiAgentRun.childSessionIds'],
    ['status a number', (r) => (r.status = 42), 'data.dinoaiAgentRun.status'],
    [
      'ts a string',
      (r) => (((r.messages as Body[])[0] as Body).ts = 'yesterday'),
      'data.dinoaiAgentRun.messages[0].ts',
    ],
    ['agentSessionId an array', (r) => (r.agentSessionId = ['s']), 'data.dinoaiAgentRun.agentSessionId'],
    ['ok a string', (r) => (r.ok = 'true'), 'data.dinoaiAgentRun.ok'],
  ]
  const helpers: [string, (client: DinoAiClient, id: string) => Promise<unknown>][] = [
    ['getRun', (client, id) => client.getRun(id)],
    ['waitForRun', (client, id) => client.waitForRun(id)],
    ['waitForRunTree', (client, id) => client.waitForRunTree(id)],
  ]
  describe.each(helpers)('%s', (_helper, call) => {
    test.each(cases)('%s', async (_label, change, jsonPath) => {
      const { mock, client } = setUp(editRun(change))
      const error = await rejection(call(client, await triggerOn(mock)))
      expect(error).toBeInstanceOf(DinoAiBadResponseError)
      expect((error as DinoAiBadResponseError).jsonPath).toBe(jsonPath)
      expect((error as Error).message).toContain(
        `does not match the schema at ${jsonPath}: expected a non-null`,
      )
    })
  })

  test('the run field a string, and missing altogether', async () => {
    for (const value of ['RUNNING', undefined]) {
      const { mock, client } = setUp(() => ({ data: { dinoaiAgentRun: value } }))
      const error = await rejection(client.getRun(await triggerOn(mock)))
      expect(error).toBeInstanceOf(DinoAiBadResponseError)
      expect((error as DinoAiBadResponseError).jsonPath).toBe('data.dinoaiAgentRun')
    }
  })

  test('a trigger result without agentSessionId, or with an empty one, is BAD_RESPONSE', async () => {
    for (const id of [undefined, '']) {
      const { client } = setUp((body, name) => {
        if (name !== 'TriggerDinoaiAgentRun') return body
        return { data: { triggerDinoaiAgentRun: { ok: true, status: 'queued', agentSessionId: id } } }
      })
      const error = await rejection(client.triggerRun({ message: 'hi' }))
      expect(error).toBeInstanceOf(DinoAiBadResponseError)
      expect((error as DinoAiBadResponseError).jsonPath).toBe('data.triggerDinoaiAgentRun.agentSessionId')
    }
  })

  test('the excerpt is cut and has the secret redacted', async () => {
    const { mock, client } = setUp(editRun((r) => (r.status = { leaked: SECRET, pad: 'x'.repeat(500) })))
    const error = (await rejection(client.getRun(await triggerOn(mock)))) as DinoAiBadResponseError
    expect(error.excerpt).toContain('[redacted]')
    expect(error.excerpt?.length).toBeLessThanOrEqual(121)
    expect(JSON.stringify(error.toJSON())).not.toContain(SECRET)
    expect(error.toJSON()).toMatchObject({ code: 'BAD_RESPONSE', jsonPath: 'data.dinoaiAgentRun.status' })
  })
})

describe('the open parts stay open, and partial data is data', () => {
  test('an unknown status and an unknown role are data; a wait keeps polling through them', async () => {
    let reads = 0
    const { mock, client } = setUp(
      editRun((run) => {
        reads++
        if (reads === 1) run.status = 'PAUSED'
        ;((run.messages as Body[])[0] as Body).role = 'narrator'
      }),
    )
    const id = await triggerOn(mock)
    const run = await client.getRun(id)
    expect(run.status).toBe('PAUSED')
    expect(run.messages[0]?.role).toBe('narrator')
    const done = await client.waitForRun(id)
    expect(done.status).toBe('COMPLETED')
  })

  test('steps nulled beside an error keep the run, with a warning', async () => {
    const { mock, client } = setUp((body) => body)
    const id = await triggerOn(mock)
    mock.failNext(1, { kind: 'steps-error', message: 'Steps store unavailable' })
    const warnings: string[] = []
    const run = await client.getRun(id, { steps: {}, onWarning: (w) => warnings.push(w.message) })
    expect(run.steps).toBeNull()
    expect(run.agentSessionId).toBe(id)
    expect(warnings.join()).toContain('Steps store unavailable')
  })

  test('fields the document did not ask for are ignored, such as one a newer backend has', async () => {
    // A field only the next schema version has, named so that this schema lacks it (read through graphql-js).
    const known = Object.keys(assertObjectType(buildSchema(schemaSdl).getType('DinoAiAgentRun')).getFields())
    let extra = 'notAField'
    while (known.includes(extra)) extra += 'X'
    const next = editSchemaSdl(schemaSdl, { extend: `extend type DinoAiAgentRun { ${extra}: Float }` })
    const mock = credentialed({ schemaSdl: next })
    const { client } = setUp(
      editRun((run) => Object.assign(run, { [extra]: 1.5 })),
      {},
      mock,
    )
    expect((await client.getRun(await triggerOn(mock))).ok).toBe(true)
  })
})

describe('a batched poll fails only the session whose run is malformed', () => {
  test('two waits in one batch: one malformed alias, one good', async () => {
    const mock = newMock()
    const bad = await triggerOn(mock)
    const good = await triggerOn(mock)
    const edit: Edit = (body, name) => {
      if (name !== 'DinoaiAgentRunBatch') return body
      for (const run of Object.values(body.data as Record<string, Body>)) {
        if (run.agentSessionId === bad) run.childSessionIds = [7]
      }
      return body
    }
    const { fetch, client } = setUp(edit, {}, mock)
    const [first, second] = await Promise.allSettled([client.waitForRun(bad), client.waitForRun(good)])
    expect(fetch.calls[0]).toBe('DinoaiAgentRunBatch')
    expect(first.status === 'rejected' && first.reason).toBeInstanceOf(DinoAiBadResponseError)
    expect(first.status === 'rejected' && (first.reason as DinoAiBadResponseError).jsonPath).toMatch(
      /^data\.s[01]\.childSessionIds\[0\]$/,
    )
    expect(second.status === 'fulfilled' && second.value.status).toBe('COMPLETED')
  })
})

describe('the response size cap', () => {
  test('a body over maxResponseBytes is BAD_RESPONSE and says how to raise it', async () => {
    const { mock, client } = setUp((body) => body, { maxResponseBytes: 64 })
    const error = await rejection(client.getRun(await triggerOn(mock)))
    expect(error).toBeInstanceOf(DinoAiBadResponseError)
    expect((error as Error).message).toMatch(/over maxResponseBytes \(64\); raise maxResponseBytes/)
  })

  test('an endless body is read only up to the cap, never whole', async () => {
    let pulled = 0
    const chunk = new Uint8Array(64 * 1024).fill(32)
    const endless: Fetch = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled += chunk.byteLength
            controller.enqueue(chunk)
          },
        }),
        { status: 200 },
      )
    const client = createDinoAiClient({ endpoint: 'http://localhost/graphql', apiKey: 'k', fetch: endless })
    const error = await rejection(client.getRun('s-1'))
    expect(error).toBeInstanceOf(DinoAiBadResponseError)
    expect((error as Error).message).toContain(`more than ${8 * 1024 * 1024} bytes`)
    // The stream queues a chunk or two ahead of the reader, no more.
    expect(pulled).toBeLessThanOrEqual(8 * 1024 * 1024 + 3 * chunk.byteLength)
  })

  test('a Content-Length over the cap fails before any body is read', async () => {
    let pulled = 0
    const declared: Fetch = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled++
            controller.enqueue(new Uint8Array(10))
          },
        }),
        { status: 200, headers: { 'content-length': String(50 * 1024 * 1024) } },
      )
    const client = createDinoAiClient({ endpoint: 'http://localhost/graphql', apiKey: 'k', fetch: declared })
    const error = await rejection(client.getRun('s-1'))
    expect((error as Error).message).toContain(`a body of ${50 * 1024 * 1024} bytes, over maxResponseBytes`)
    expect(pulled).toBeLessThanOrEqual(1)
  })

  test('a stream that breaks midway is a real dropped connection: NETWORK, sent', async () => {
    const breaking: Fetch = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"data":{"dinoaiAgentRun":'))
            controller.error(new TypeError('terminated'))
          },
        }),
        { status: 200 },
      )
    const client = createDinoAiClient({
      endpoint: 'http://localhost/graphql',
      apiKey: 'k',
      fetch: breaking,
      retry: false,
    })
    const error = await rejection(client.getRun('s-1'))
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    expect((error as DinoAiNetworkError).notSent).toBe(false)
    expect((error as Error).message).toContain(
      'the connection dropped while reading the response (terminated)',
    )
  })

  test.each([0, -1, 1.5, Number.NaN])('maxResponseBytes %s is a VALIDATION error', (value) => {
    expect(() =>
      createDinoAiClient({ endpoint: 'http://localhost/graphql', apiKey: 'k', maxResponseBytes: value }),
    ).toThrow(DinoAiValidationError)
  })
})
