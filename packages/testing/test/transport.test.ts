import { DinoAiAgentRunDocument, schemaSdl, TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import { assertObjectType, buildSchema, print } from 'graphql'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('GraphQL over HTTP (%s)', (mode) => {
  let h: Harness
  beforeEach(async () => {
    h = await harness(mode)
  })
  afterEach(async () => h.close())

  const raw = async (init: RequestInit, search = '') => {
    const response = await h.fetch(`${h.mock.url}${search}`, init)
    const text = await response.text()
    return { status: response.status, body: JSON.parse(text), headers: response.headers }
  }

  test('GET with a query string runs a query', async () => {
    const id = (await gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })).body.data
      .triggerDinoaiAgentRun.agentSessionId
    const params = new URLSearchParams({
      query: print(DinoAiAgentRunDocument),
      variables: JSON.stringify({ agentSessionId: id }),
      operationName: 'DinoaiAgentRun',
    })
    const result = await raw({ method: 'GET' }, `?${params}`)
    expect(result.status).toBe(200)
    expect(result.body.data.dinoaiAgentRun).toMatchObject({ agentSessionId: id, status: 'QUEUED' })
  })

  test('GET cannot run a mutation (405, Allow: POST) and creates no run', async () => {
    const params = new URLSearchParams({ query: 'mutation { triggerDinoaiAgentRun(message: "x") { ok } }' })
    const result = await raw({ method: 'GET' }, `?${params}`)
    expect(result.status).toBe(405)
    expect(result.headers.get('allow')).toBe('POST')
    expect(h.mock.runs).toEqual([])
  })

  test.each([
    ['a wrong content type', { 'content-type': 'text/plain' }, '{"query":"{ __typename }"}', /content type/i],
    ['malformed JSON', { 'content-type': 'application/json' }, '{"query": ', /not valid JSON/],
    ['a missing query', { 'content-type': 'application/json' }, '{"variables":{}}', /Missing query/],
    ['a non-object body', { 'content-type': 'application/json' }, '[1,2]', /JSON object/],
    [
      'variables that are not an object',
      { 'content-type': 'application/json' },
      '{"query":"{ __typename }","variables":[1]}',
      /variables/,
    ],
  ])('%s gets HTTP 400 with an error body', async (_name, headers, body, message) => {
    const result = await raw({ method: 'POST', headers, body })
    expect(result.status).toBe(400)
    expect(result.body.errors[0].message).toMatch(message)
    expect(result.body.errors[0].extensions.code).toBe('BAD_REQUEST')
  })

  test('a method other than GET and POST gets 405', async () => {
    const result = await raw({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(result.status).toBe(405)
    expect(result.headers.get('allow')).toBe('GET, POST')
  })

  test('an unknown field gets HTTP 400 with a validation error, like production', async () => {
    // A name made absent from the schema's run type, read through graphql-js, whatever fields it gains.
    const known = Object.keys(assertObjectType(buildSchema(schemaSdl).getType('DinoAiAgentRun')).getFields())
    let absent = 'notAField'
    while (known.includes(absent)) absent += 'X'
    const result = await gql(h, `{ dinoaiAgentRun(agentSessionId: "x") { status ${absent} } }`)
    expect(result.status).toBe(400)
    expect(result.body.errors[0].message).toBe(`Cannot query field "${absent}" on type "DinoAiAgentRun".`)
    expect(result.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
    expect(result.body.data).toBeUndefined()
  })

  test('a syntax error gets HTTP 400 GRAPHQL_PARSE_FAILED', async () => {
    const result = await gql(h, '{ dinoaiAgentRun(')
    expect(result.status).toBe(400)
    expect(result.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED')
  })

  test('a document nested too deeply to parse gets HTTP 400, not a crash', async () => {
    const result = await gql(h, `{ ${'a { '.repeat(20_000)}${'}'.repeat(20_000)} }`)
    expect(result.status).toBe(400)
    expect(result.body.errors[0].message).toMatch(/nested too deeply/)
    expect(result.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED')
  })

  test('a missing required variable gets HTTP 400 naming the variable', async () => {
    const result = await gql(h, DinoAiAgentRunDocument, {})
    expect(result.status).toBe(400)
    expect(result.body.errors[0].message).toContain('$agentSessionId')
    expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT')
  })

  test('several operations need an operationName; an unknown one is refused', async () => {
    const query = 'query A { __typename } query B { __typename }'
    const post = (body: object) =>
      raw({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await post({ query })).body.errors[0].message).toMatch(/operationName/)
    expect((await post({ query, operationName: 'C' })).status).toBe(400)
    const picked = await post({ query, operationName: 'B' })
    expect(picked.status).toBe(200)
    expect(picked.body.data).toEqual({ __typename: 'Query' })
  })

  test('every response carries a distinct x-request-id, also errors', async () => {
    const ok = await gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })
    const bad = await raw({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })
    const first = ok.response.headers.get('x-request-id')
    expect(first).toMatch(/^mock-req-/)
    expect(bad.headers.get('x-request-id')).toMatch(/^mock-req-/)
    expect(bad.headers.get('x-request-id')).not.toBe(first)
    expect(h.mock.requests.map((r) => r.requestId)).toEqual([first, bad.headers.get('x-request-id')])
  })

  test('introspection works, so schema tooling can point at the mock', async () => {
    const result = await gql(h, '{ __schema { mutationType { fields { name } } } }')
    const names = result.body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name)
    expect(names.sort()).toEqual(['sendDinoaiAgentMessage', 'stopDinoaiAgentRun', 'triggerDinoaiAgentRun'])
  })
})

describe.each(MODES)('input validation as the API does it (%s)', (mode) => {
  let h: Harness
  beforeEach(async () => {
    h = await harness(mode)
  })
  afterEach(async () => h.close())

  test.each([
    ['neither agent nor message', {}],
    ['empty agent and message', { agent: '', message: '' }],
  ])('a trigger with %s is a BAD_USER_INPUT error and creates no run', async (_name, variables) => {
    const result = await gql(h, TriggerDinoAiAgentRunDocument, variables)
    expect(result.status).toBe(200)
    expect(result.body.data).toBeNull()
    expect(result.body.errors[0].message).toMatch(/at least one of agent or message/)
    expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    expect(h.mock.runs).toEqual([])
  })

  test.each([
    ['an empty channel', { channel: '', threadTs: '1714142436.001200' }],
    ['an empty threadTs', { channel: 'C0123456789', threadTs: '' }],
  ])('slack with %s is a BAD_USER_INPUT error', async (_name, slack) => {
    const result = await gql(h, TriggerDinoAiAgentRunDocument, { agent: 'dq', slack })
    expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    expect(result.body.errors[0].message).toMatch(/channel and threadTs/)
    expect(h.mock.runs).toEqual([])
  })

  test('slack without threadTs is refused by GraphQL itself (both fields are required)', async () => {
    const asVariable = await gql(h, TriggerDinoAiAgentRunDocument, { agent: 'dq', slack: { channel: 'C1' } })
    expect(asVariable.status).toBe(400)
    expect(asVariable.body.errors[0].message).toMatch(/threadTs/)
    const inline = await gql(
      h,
      'mutation { triggerDinoaiAgentRun(agent: "dq", slack: { channel: "C1" }) { ok } }',
    )
    expect(inline.status).toBe(400)
    expect(inline.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
    expect(h.mock.runs).toEqual([])
  })
})

describe('in-process fetch', () => {
  test('rejects at once with the reason of an already aborted signal, without recording', async () => {
    const h = await harness('in-process')
    const controller = new AbortController()
    controller.abort(new Error('cancelled by caller'))
    await expect(h.fetch(h.mock.url, { method: 'POST', signal: controller.signal })).rejects.toThrow(
      'cancelled by caller',
    )
    expect(h.mock.requests).toEqual([])
  })

  test('accepts a Request object as input', async () => {
    const { createMockDinoAi } = await import('@dinoai/testing')
    const mock = createMockDinoAi()
    const response = await mock.fetch(
      new Request(mock.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }),
    )
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } })
  })
})
