import {
  DinoAiAuthenticationError,
  DinoAiBadResponseError,
  DinoAiGraphQLError,
  DinoAiNetworkError,
  DinoAiValidationError,
} from '@dinoai/client'
import type { TypedDocumentNode } from '@urql/core'
import { parse } from 'graphql'
import { describe, expect, test } from 'vitest'
import { API_SECRET, clientOn, createVirtualClock, credentialed, triggerOn } from './helpers.js'

// An app's own documents, typed as its codegen would type them.
const RunStatus: TypedDocumentNode<
  { dinoaiAgentRun: { status: string; agentSessionId: string } },
  { id: string }
> = parse('query RunStatus($id: String!) { dinoaiAgentRun(agentSessionId: $id) { status agentSessionId } }')

const Start: TypedDocumentNode<
  { triggerDinoaiAgentRun: { ok: boolean; agentSessionId: string } },
  { message: string }
> = parse(
  'mutation Start($message: String) { triggerDinoaiAgentRun(message: $message) { ok agentSessionId } }',
)

// Codegen types a document without variables with an index signature of never.
const NoVariables: TypedDocumentNode<{ __typename: string }, { [key: string]: never }> = parse(
  'query Typename { __typename }',
)

const triggers = (mock: ReturnType<typeof credentialed>) =>
  mock.requests.filter((r) => r.operationName === 'Start').length

describe('client.request with an app document', () => {
  test('returns the whole data, as the document selected it', async () => {
    const mock = credentialed()
    const id = await triggerOn(mock)
    const data = await clientOn(mock).request(RunStatus, { id })
    expect(data).toEqual({ dinoaiAgentRun: { status: 'QUEUED', agentSessionId: id } })
    const sent = mock.requests.at(-1)
    expect(sent?.operationName).toBe('RunStatus')
    expect(sent?.method).toBe('POST')
    expect(sent?.variables).toEqual({ id })
  })

  test('a document without variables needs none', async () => {
    const mock = credentialed()
    expect(await clientOn(mock).request(NoVariables)).toEqual({ __typename: 'Query' })
    expect(mock.requests.at(-1)?.variables).toEqual({})
  })

  test('sends the auth headers: wrong credentials are a DinoAiAuthenticationError', async () => {
    const mock = credentialed()
    const wrong = clientOn(mock, { apiSecret: 'not-the-secret-at-all' })
    const error = await wrong.request(RunStatus, { id: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiAuthenticationError)
    expect(mock.requests[0]?.headers['x-api-secret']).toBe('[redacted]')
  })

  test('a query is retried on a transient fault, as getRun is', async () => {
    const mock = credentialed()
    const id = await triggerOn(mock)
    mock.failNext(2, { kind: 'http', status: 503 }, 'RunStatus')
    const client = clientOn(mock, { clock: createVirtualClock() })
    expect((await client.request(RunStatus, { id })).dinoaiAgentRun.status).toBe('QUEUED')
    expect(mock.requests.filter((r) => r.operationName === 'RunStatus').length).toBe(3)
  })

  test('a mutation that may have reached the server is never sent again', async () => {
    const mock = credentialed()
    mock.failNext(1, { kind: 'network', afterProcessing: true }, 'Start')
    const client = clientOn(mock, { clock: createVirtualClock() })
    const error = await client.request(Start, { message: 'once' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    expect(triggers(mock)).toBe(1)
    // The server did process it: exactly one run, never a second.
    expect(mock.runs.length).toBe(1)
  })

  test('a mutation refused before sending is retried, and delivered once', async () => {
    const mock = credentialed()
    mock.failNext(1, { kind: 'network' }, 'Start')
    const client = clientOn(mock, { clock: createVirtualClock() })
    const data = await client.request(Start, { message: 'once' })
    expect(data.triggerDinoaiAgentRun.ok).toBe(true)
    expect(mock.runs.map((r) => r.agentSessionId)).toEqual([data.triggerDinoaiAgentRun.agentSessionId])
  })

  test('an aborted signal rejects with its reason and sends nothing', async () => {
    const mock = credentialed()
    const reason = new Error('caller gave up')
    const error = await clientOn(mock)
      .request(RunStatus, { id: 'x' }, { signal: AbortSignal.abort(reason) })
      .catch((e: unknown) => e)
    expect(error).toBe(reason)
    expect(mock.requests.length).toBe(0)
  })

  test('an answer over maxResponseBytes is a BAD_RESPONSE', async () => {
    const mock = credentialed()
    const id = await triggerOn(mock, 'x'.repeat(2_000))
    const Transcript: TypedDocumentNode<
      { dinoaiAgentRun: { messages: { content: string }[] } },
      { id: string }
    > = parse(
      'query Transcript($id: String!) { dinoaiAgentRun(agentSessionId: $id) { messages { content } } }',
    )
    const error = await clientOn(mock, { maxResponseBytes: 1_000 })
      .request(Transcript, { id })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiBadResponseError)
    expect(String((error as Error).message)).toMatch(/maxResponseBytes \(1000\)/)
  })

  test('GraphQL errors reject with DinoAiGraphQLError, redacted', async () => {
    const mock = credentialed()
    mock.failNext(
      1,
      { kind: 'graphql-error', message: `upstream said ${API_SECRET}`, code: 'BOOM' },
      'RunStatus',
    )
    const error = await clientOn(mock)
      .request(RunStatus, { id: 'x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect((error as DinoAiGraphQLError).graphqlCode).toBe('BOOM')
    expect(JSON.stringify(error)).not.toContain(API_SECRET)
    expect((error as Error).message).toContain('[redacted]')
  })

  test('a document the server refuses is a DinoAiGraphQLError with the HTTP status', async () => {
    const mock = credentialed()
    const Unknown: TypedDocumentNode<{ dinoaiAgentRun: unknown }, { id: string }> = parse(
      'query Unknown($id: String!) { dinoaiAgentRun(agentSessionId: $id) { fieldTheSchemaLacks } }',
    )
    const error = await clientOn(mock)
      .request(Unknown, { id: 'x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect((error as DinoAiGraphQLError).status).toBe(400)
  })
})

describe('client.request refuses what it cannot send, before any request', () => {
  const refused = async (document: unknown, variables?: unknown): Promise<DinoAiValidationError> => {
    const mock = credentialed()
    const send = clientOn(mock).request as (document: unknown, variables?: unknown) => Promise<unknown>
    const error = await send(document, variables).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiValidationError)
    expect(mock.requests.length).toBe(0)
    return error as DinoAiValidationError
  }

  test('a string, or anything that is not a parsed document', async () => {
    expect((await refused('query { __typename }')).message).toMatch(/parsed GraphQL document/)
    expect((await refused(null)).field).toBe('document')
  })

  test('a document with several operations, or none', async () => {
    expect((await refused(parse('query A { __typename } query B { __typename }'))).message).toMatch(
      /it has 2/,
    )
    expect((await refused(parse('fragment F on Query { __typename }'))).message).toMatch(/it has 0/)
  })

  test('a subscription', async () => {
    expect((await refused(parse('subscription S { runs }'))).message).toMatch(/not a subscription/)
  })

  test('variables that are not an object', async () => {
    expect((await refused(RunStatus, ['x'])).field).toBe('variables')
  })
})
