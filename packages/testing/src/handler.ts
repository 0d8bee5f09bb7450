import { MAX_REQUEST_BYTES, requestBytes } from '@dinoai/operations'
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql'
import { authFailure, type MockCredentials, redactHeaders } from './auth.js'
import { prepareDocument, selectOperation } from './documents.js'
import { type Fault, type FaultQueue, HTTP_FAULT_TEXT } from './faults.js'
import type { ModelFamilies } from './models.js'
import type { ReplayAnswerer } from './replay/replayer.js'
import type { RunStore } from './runs.js'
import { fieldResolver, type ResolverContext } from './schema.js'

/** The parts of an HTTP request the mock reads; both the in-process fetch and the server build one. */
export interface MockRequest {
  method: string
  url: string
  headers: Headers
  text(): Promise<string>
  signal?: AbortSignal | undefined
}

/** What the mock answers: a response, or a connection that fails (refused before, reset after processing). */
export type MockOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'network'; code: 'ECONNREFUSED' | 'ECONNRESET' }

/** One request as the mock saw it. Credentials in `headers` are replaced by '[redacted]'. */
export interface RecordedRequest {
  /** The `x-request-id` the response carried. */
  requestId: string
  method: string
  url: string
  /** The operation's name (from the body, else the document's only operation), or null. */
  operationName: string | null
  query: string | null
  variables: Record<string, unknown> | null
  headers: Record<string, string>
  /** The HTTP status returned; 0 when the connection failed or the client aborted. */
  status: number
  /** The kind of injected fault this request got, if any. */
  fault: Fault['kind'] | null
  /** The messages of the GraphQL errors returned, if any. */
  errors: string[]
}

export interface HandlerContext {
  schema: GraphQLSchema
  /** false: documents asking for `__schema` or `__type` are refused (HTTP 400), as with introspection off. */
  introspection: boolean
  runs: RunStore
  faults: FaultQueue
  credentials: MockCredentials | undefined
  models: ModelFamilies
  workspaceUid: string
  mockStore: ResolverContext['mockStore']
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Whether `sleep` is the mock's clock: then a slow fault lets virtual time move while it waits. */
  sleepsOnClock: boolean
  /** Keeps the mock's virtual clock still while a request is answered; returns the release. */
  hold: () => () => void
  requests: RecordedRequest[]
  nextRequestId: () => string
  /** Set when the mock replays a cassette: answers come from it instead of the state. */
  replay?: ReplayAnswerer | undefined
}

const JSON_TYPE = 'application/json; charset=utf-8'

interface ParsedParams {
  query: string
  variables: Record<string, unknown> | null
  operationName: string | null
}

/** A request the mock refuses before GraphQL sees it; adapters may throw it from `text()`. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

/** The API's answer to a body over its limit (the HTTP server stops reading at the limit: no size then). */
export function tooLarge(bytes?: number): BadRequest {
  const size = bytes === undefined ? `over ${MAX_REQUEST_BYTES}` : String(bytes)
  return new BadRequest(
    `The request body is ${size} bytes; the DinoAI API accepts at most ${MAX_REQUEST_BYTES} (1 MiB). Send a shorter message.`,
    413,
  )
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function paramsFrom(raw: Record<string, unknown>): ParsedParams {
  const { query, variables, operationName } = raw
  if (typeof query !== 'string' || query.trim() === '') {
    throw new BadRequest('Missing query: send a GraphQL document as "query".')
  }
  if (variables !== undefined && variables !== null && !isRecord(variables)) {
    throw new BadRequest('"variables" must be a JSON object.')
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw new BadRequest('"operationName" must be a string.')
  }
  return { query, variables: variables ?? null, operationName: operationName ?? null }
}

async function readParams(request: MockRequest): Promise<ParsedParams> {
  if (request.method === 'GET') {
    const search = new URL(request.url, 'http://dinoai.mock').searchParams
    let variables: unknown
    const rawVariables = search.get('variables')
    if (rawVariables !== null && rawVariables !== '') {
      try {
        variables = JSON.parse(rawVariables)
      } catch {
        throw new BadRequest('"variables" in the query string is not valid JSON.')
      }
    }
    return paramsFrom({ query: search.get('query'), variables, operationName: search.get('operationName') })
  }
  if (request.method !== 'POST') {
    throw new BadRequest(`Method ${request.method} is not allowed: use POST (or GET for queries).`, 405, {
      allow: 'GET, POST',
    })
  }
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^application\/(graphql-response\+)?json\b/i.test(contentType.trim())) {
    throw new BadRequest(
      `Unsupported content type ${JSON.stringify(contentType)}: send the body as "Content-Type: application/json".`,
    )
  }
  const text = await request.text()
  const bytes = requestBytes(text)
  if (bytes > MAX_REQUEST_BYTES) throw tooLarge(bytes)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new BadRequest('The request body is not valid JSON: send {"query": "...", "variables": {...}}.')
  }
  if (!isRecord(body)) throw new BadRequest('The request body must be a JSON object with a "query".')
  return paramsFrom(body)
}

const errorBody = (message: string, code: string): string =>
  JSON.stringify({ errors: [{ message, extensions: { code } }] })

const withCode = (errors: readonly GraphQLError[], code: string): unknown[] =>
  errors.map((e) => {
    const json = e.toJSON()
    return { ...json, extensions: { ...json.extensions, code: json.extensions?.code ?? code } }
  })

/** Builds the answers to one request and records their status and error messages. */
function replies(record: RecordedRequest) {
  const respond = (status: number, body: string, headers: Record<string, string> = {}): MockOutcome => {
    record.status = status
    return {
      kind: 'response',
      status,
      headers: { 'content-type': JSON_TYPE, 'x-request-id': record.requestId, ...headers },
      body,
    }
  }
  const fail = (status: number, message: string, code: string, headers?: Record<string, string>) => {
    record.errors.push(message)
    return respond(status, errorBody(message, code), headers)
  }
  const httpFault = (status: keyof typeof HTTP_FAULT_TEXT) =>
    fail(status, HTTP_FAULT_TEXT[status], 'INTERNAL_SERVER_ERROR')
  /** HTTP 200 with `data: null`, as a server that failed the whole operation answers. */
  const graphqlError = (message: string, code: string) => {
    record.errors.push(message)
    return respond(200, JSON.stringify({ data: null, errors: [{ message, extensions: { code } }] }))
  }
  return { respond, fail, httpFault, graphqlError }
}

type Replies = ReturnType<typeof replies>

type ClockWait = (wait: () => Promise<void>) => Promise<void>

/**
 * The answer a fault gives before the operation runs, or undefined to go on (after a `slow`
 * fault's wait, or for faults that act later: `afterProcessing` and `steps-error`).
 */
async function faultBefore(
  fault: Fault,
  reply: Replies,
  ctx: HandlerContext,
  request: MockRequest,
  waitOnClock: ClockWait,
): Promise<MockOutcome | undefined> {
  switch (fault.kind) {
    case 'http':
      return fault.afterProcessing ? undefined : reply.httpFault(fault.status)
    case 'network':
      return fault.afterProcessing ? undefined : { kind: 'network', code: 'ECONNREFUSED' }
    case 'rate-limit': {
      const seconds = fault.retryAfterSeconds ?? 1
      return reply.fail(429, `Too many requests: retry after ${seconds} s.`, 'RATE_LIMITED', {
        'retry-after': String(seconds),
      })
    }
    case 'non-json':
      return reply.respond(
        fault.status ?? 200,
        '<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>',
        { 'content-type': 'text/html; charset=utf-8' },
      )
    case 'graphql-error':
      return reply.graphqlError(
        fault.message ?? 'Internal server error.',
        fault.code ?? 'INTERNAL_SERVER_ERROR',
      )
    case 'slow':
      if (ctx.sleepsOnClock) await waitOnClock(() => ctx.sleep(fault.delayMs, request.signal))
      else await ctx.sleep(fault.delayMs, request.signal)
      return undefined
    case 'steps-error':
      return undefined
  }
}

/** Why a valid document cannot run as sent (no operation picked, a mutation over GET), or undefined. */
function refusal(
  operation: OperationDefinitionNode | undefined,
  params: ParsedParams,
  method: string,
  reply: Replies,
): MockOutcome | undefined {
  if (!operation) {
    return reply.fail(
      400,
      params.operationName === null
        ? 'The document has several operations: send "operationName" to pick one.'
        : `Unknown operation named "${params.operationName}".`,
      'BAD_REQUEST',
    )
  }
  if (method === 'GET' && operation.operation !== 'query') {
    return reply.fail(405, `A ${operation.operation} cannot be sent with GET: use POST.`, 'BAD_REQUEST', {
      allow: 'POST',
    })
  }
  return undefined
}

const STEPS_FAULT_MESSAGE = "The agent's steps could not be read; status and messages are current."

/** Runs the operation against the mock's state and answers with its result. */
async function executeOperation(
  ctx: HandlerContext,
  request: MockRequest,
  document: DocumentNode,
  params: ParsedParams,
  fault: Fault | undefined,
): Promise<ExecutionResult> {
  const contextValue: ResolverContext = {
    runs: ctx.runs,
    workspaceUid: request.headers.get('x-paradime-workspace') || ctx.workspaceUid,
    models: ctx.models,
    stepsFault:
      fault?.kind === 'steps-error'
        ? { message: fault.message ?? STEPS_FAULT_MESSAGE, code: fault.code ?? 'STEPS_UNAVAILABLE' }
        : null,
    mockStore: ctx.mockStore,
  }
  return execute({
    schema: ctx.schema,
    document,
    operationName: params.operationName,
    variableValues: params.variables,
    contextValue,
    fieldResolver,
  })
}

function newRecord(ctx: HandlerContext, request: MockRequest): RecordedRequest {
  const record: RecordedRequest = {
    requestId: ctx.nextRequestId(),
    method: request.method,
    url: request.url,
    operationName: null,
    query: null,
    variables: null,
    headers: redactHeaders(request.headers),
    status: 0,
    fault: null,
    errors: [],
  }
  ctx.requests.push(record)
  return record
}

/**
 * The answer a cassette recorded (the document is not run: a replay answers what upstream did,
 * a 400 included). A fault that acts after processing still applies, as on the mock's own state.
 */
async function replayed(
  replay: ReplayAnswerer,
  params: ParsedParams,
  record: RecordedRequest,
  reply: Replies,
  fault: Fault | undefined,
  waitOnClock: ClockWait,
): Promise<MockOutcome> {
  const outcome = await replay({ ...params, operationName: record.operationName }, waitOnClock)
  if (outcome.kind === 'unmatched') return reply.fail(500, outcome.message, 'REPLAY_UNMATCHED')
  if (fault?.kind === 'network' && fault.afterProcessing) return { kind: 'network', code: 'ECONNRESET' }
  if (fault?.kind === 'http' && fault.afterProcessing) return reply.httpFault(fault.status)
  if (outcome.kind === 'network') return outcome
  record.errors.push(...outcome.errors)
  return reply.respond(outcome.status, outcome.body, outcome.headers)
}

/** One request through the mock: HTTP checks, faults, auth, GraphQL validation and execution. */
async function answer(
  ctx: HandlerContext,
  request: MockRequest,
  waitOnClock: ClockWait,
): Promise<MockOutcome> {
  const record = newRecord(ctx, request)
  const reply = replies(record)
  let params: ParsedParams
  try {
    params = await readParams(request)
  } catch (error) {
    if (error instanceof BadRequest) {
      const code = error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST'
      return reply.fail(error.status, error.message, code, error.headers)
    }
    throw error
  }
  const prepared = prepareDocument(ctx.schema, params.query, { introspection: ctx.introspection })
  const operation = selectOperation(prepared.operations, params.operationName)
  record.query = params.query
  record.variables = params.variables
  record.operationName = params.operationName ?? operation?.name?.value ?? null

  const fault = ctx.faults.take(record.operationName, prepared.ok && prepared.selectsSteps)
  if (fault) {
    record.fault = fault.kind
    const early = await faultBefore(fault, reply, ctx, request, waitOnClock)
    if (early) return early
  }
  if (ctx.credentials) {
    const problem = authFailure(request.headers, ctx.credentials)
    if (problem) return reply.fail(401, problem, 'UNAUTHENTICATED')
  }
  if (ctx.replay) return replayed(ctx.replay, params, record, reply, fault, waitOnClock)
  if (!prepared.ok) {
    record.errors.push(...prepared.errors.map((e) => e.message))
    return reply.respond(400, JSON.stringify({ errors: withCode(prepared.errors, prepared.code) }))
  }
  const refused = refusal(operation, params, request.method, reply)
  if (refused) return refused

  const result = await executeOperation(ctx, request, prepared.document, params, fault)
  if (fault?.kind === 'network' && fault.afterProcessing) return { kind: 'network', code: 'ECONNRESET' }
  if (fault?.kind === 'http' && fault.afterProcessing) return reply.httpFault(fault.status)

  if (result.errors) record.errors.push(...result.errors.map((e) => e.message))
  // No data at all means the request itself was wrong (e.g. a missing required variable).
  if (!('data' in result) || result.data === undefined) {
    return reply.respond(400, JSON.stringify({ errors: withCode(result.errors ?? [], 'BAD_USER_INPUT') }))
  }
  return reply.respond(200, JSON.stringify(result))
}

/**
 * The mock's one request handler, shared by the in-process fetch, the HTTP server and the MSW
 * handlers. It keeps the mock's virtual clock still while it answers.
 */
export function createHandler(ctx: HandlerContext): (request: MockRequest) => Promise<MockOutcome> {
  return async (request) => {
    let release = ctx.hold()
    // A wait on the mock's own clock lets virtual time move (a client's timeout may fire first).
    const waitOnClock = async (wait: () => Promise<void>): Promise<void> => {
      release()
      try {
        await wait()
      } finally {
        release = ctx.hold()
      }
    }
    try {
      return await answer(ctx, request, waitOnClock)
    } finally {
      release()
    }
  }
}
