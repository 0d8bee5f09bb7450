import { findMismatch, type Mismatch, pathText, type ResultShape } from '@dinoai/operations'
import {
  DinoAiAuthenticationError,
  DinoAiBadResponseError,
  type DinoAiError,
  DinoAiGraphQLError,
  DinoAiNetworkError,
  DinoAiNotAcceptedError,
  DinoAiRateLimitError,
  DinoAiServerError,
  type GraphQLErrorEntry,
} from '../errors/errors.js'
import { readBody } from './body.js'
import { type Envelope, parseEnvelope } from './envelope.js'
import { excerptOf, ResponseBodyProblem, ResponseStreamBroke } from './problems.js'

// The one response path: an HTTP answer (or its absence) becomes an Answer or a DinoAiError here,
// and every error about a response is built in this module. The errors may quote what the server
// said, secrets included: the client passes each through its Redactor before a caller sees it.

/** The facts of a response that every error about it carries. */
export interface ResponseFacts {
  status: number
  requestId: string | undefined
  operationName: string | undefined
}

/** What a request expects of its answer: where it went, its operation, the size cap and the shape of its data. */
export interface Expectation {
  endpoint: string
  operationName: string | undefined
  maxResponseBytes: number
  shape: ResultShape
}

/**
 * An answer the client can use: its `data`, the GraphQL errors beside it, the response facts, and
 * the error of each top-level field whose value breaks its shape (`problems`: no caller may use
 * such a field; one bad read of a batch fails only that read).
 */
export interface Answer<Data = Record<string, unknown>> {
  data: Data | null
  errors: GraphQLErrorEntry[]
  /** Per top-level response key, the error of a value that does not fit the schema: never use it. */
  problems: ReadonlyMap<string, DinoAiError>
  facts: ResponseFacts
}

// Codes from the connect phase: the request never left this machine, so no server saw it.
const PRE_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
])

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = 'code' in error ? error.code : undefined
  if (typeof code === 'string') return code
  const errors = 'errors' in error ? error.errors : undefined
  if (Array.isArray(errors)) {
    // Happy eyeballs tries several addresses; it is pre-connection only if every attempt was.
    const codes = errors.map(errorCode)
    if (codes.length > 0 && codes.every((c) => c !== undefined && PRE_CONNECTION_CODES.has(c)))
      return codes[0]
    return codes.find((c) => c !== undefined)
  }
  return undefined
}

/** The system error code under a failed fetch (`TypeError('fetch failed', { cause })`). */
export function fetchFailureCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  return errorCode('cause' in error ? error.cause : undefined) ?? errorCode(error)
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000))
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

// The cause keeps only the fetch failure's name, message and code, not the objects under it.
function safeCause(error: unknown): Error | undefined {
  if (error === undefined) return undefined
  const message = error instanceof Error ? error.message : String(error)
  const cause = new Error(message)
  cause.name = error instanceof Error ? error.name : 'Error'
  const code = fetchFailureCode(error) ?? errorCode(error)
  if (code !== undefined) Object.assign(cause, { code })
  return cause
}

// What happened, in words, for the system error codes a failed fetch carries.
const CAUSE_WORDS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'the host name does not resolve',
  EAI_NONAME: 'the host name does not resolve',
  EAI_FAIL: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved just now (a temporary DNS failure)',
  ECONNREFUSED: 'the connection was refused',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EADDRNOTAVAIL: 'no local address can reach the host',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
}

/** The fetch itself failed (no response): sent or not, by the system error code. */
export function noResponseError(cause: unknown, expect: Expectation): DinoAiNetworkError {
  const causeCode = fetchFailureCode(cause)
  const notSent = causeCode !== undefined && PRE_CONNECTION_CODES.has(causeCode)
  const what = causeCode ?? (cause instanceof Error ? cause.message : String(cause))
  return new DinoAiNetworkError(
    `${expect.operationName ?? 'Request'} got no response from ${expect.endpoint} (${what})${causeCode && CAUSE_WORDS[causeCode] ? `: ${CAUSE_WORDS[causeCode]}` : ''}${notSent ? ', so nothing was sent' : ''}. Check the endpoint and your network.`,
    { notSent, causeCode, cause: safeCause(cause), operationName: expect.operationName },
  )
}

/** The client's request timeout fired before the answer arrived. */
export function timeoutError(timeoutMs: number, operationName: string | undefined): DinoAiNetworkError {
  return new DinoAiNetworkError(
    `${operationName ?? 'Request'} timed out after ${timeoutMs} ms (requestTimeoutMs); the server may still have processed it.`,
    { notSent: false, timedOut: true, operationName },
  )
}

/** The error an HTTP status means by itself (401/403, 429, 5xx), if any. */
function statusError(
  response: Response,
  errors: readonly GraphQLErrorEntry[],
  facts: ResponseFacts,
): DinoAiError | undefined {
  const { status } = facts
  // The server's own sentence goes inside ours: without its final period, or the message shows two.
  const serverSays = errors[0] ? `: ${errors[0].message.trimEnd().replace(/\.+$/, '')}` : ''
  if (status === 401 || status === 403) {
    return new DinoAiAuthenticationError(
      `The DinoAI API rejected the credentials (HTTP ${status})${serverSays}. Check PARADIME_API_KEY / PARADIME_API_SECRET (and PARADIME_WORKSPACE_UID) and that the key has access to the DinoAI Agents API.`,
      facts,
    )
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
    return new DinoAiRateLimitError(
      `Rate limited by the DinoAI API (HTTP 429)${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}.`,
      { ...facts, retryAfterMs },
    )
  }
  if (status >= 500) {
    return new DinoAiServerError(`The DinoAI API failed with HTTP ${status}${serverSays}.`, facts)
  }
  return undefined
}

/** A body that could not be read as a GraphQL response. */
function bodyError(problem: unknown, response: Response, facts: ResponseFacts): DinoAiError {
  const operation = facts.operationName ?? 'Request'
  if (problem instanceof ResponseStreamBroke) {
    // The body stream broke after the headers arrived: the request was sent and maybe processed.
    return new DinoAiNetworkError(
      `${operation}: the connection dropped while reading the response (${problem.message}).`,
      { ...facts, notSent: false, cause: safeCause(problem.cause) },
    )
  }
  if (!(problem instanceof ResponseBodyProblem)) throw problem
  const { jsonPath, excerpt } = problem
  const at = jsonPath === undefined || jsonPath === '$' ? '' : ` at ${jsonPath}`
  const got = excerpt === undefined ? '' : `: ${JSON.stringify(excerpt)}`
  const type = response.headers.get('content-type')
  // A proxy's or a login page's HTML is the usual culprit: its content type says so at once.
  const served = type && !/json/i.test(type) ? ` (content-type ${type.split(';')[0]})` : ''
  return new DinoAiBadResponseError(
    `${operation}: the DinoAI API answered HTTP ${facts.status}${served} with ${problem.message}${at}${got}.`,
    { ...facts, jsonPath, excerpt },
  )
}

/** The message and details of an answer whose data does not fit the document's shape. */
function mismatchDetails(mismatch: Mismatch, root: string) {
  const jsonPath = pathText(root, mismatch.path)
  // A string is quoted, so that `"42"` where a number belongs reads as the string it is.
  const { actual } = mismatch
  const excerpt = excerptOf(typeof actual === 'string' ? JSON.stringify(actual) : actual)
  return {
    message: `answered data that does not match the schema at ${jsonPath}: expected ${mismatch.expected}, got ${excerpt}. Is the endpoint a DinoAI GraphQL API (not a proxy or another service)?`,
    jsonPath,
    excerpt,
  }
}

/**
 * The error of a top-level field that does not fit its shape: BAD_RESPONSE, or GRAPHQL when the
 * server reported errors about it (its message says more than the broken data does).
 */
function fieldProblem(
  mismatch: Mismatch,
  errors: readonly GraphQLErrorEntry[],
  data: unknown,
  facts: ResponseFacts,
): DinoAiError {
  const operation = facts.operationName ?? 'Request'
  const { message, jsonPath, excerpt } = mismatchDetails(mismatch, 'data')
  const [first] = errors
  if (first) {
    return new DinoAiGraphQLError(`${operation} failed: ${first.message} (and it ${message})`, {
      ...facts,
      errors,
      data,
    })
  }
  return new DinoAiBadResponseError(`${operation} ${message}`, { ...facts, jsonPath, excerpt })
}

type FieldShapes = readonly (readonly [key: string, shape: ResultShape])[]

// Each top-level field as a one-field shape of its own, made once per shape: a mismatch then has
// the path from `data` down, and each field's problem stays its own.
const perField = new WeakMap<ResultShape, FieldShapes>()

function fieldShapes(shape: ResultShape): FieldShapes {
  let fields = perField.get(shape)
  if (fields === undefined) {
    fields = Object.entries(shape.fields).map(
      ([key, field]) => [key, { kind: 'object', nullable: false, fields: { [key]: field } }] as const,
    )
    perField.set(shape, fields)
  }
  return fields
}

/** Checks each top-level field against its shape; the ones that break it are the Answer's problems. */
function checkFields(
  data: Record<string, unknown>,
  errors: GraphQLErrorEntry[],
  shape: ResultShape,
  facts: ResponseFacts,
): ReadonlyMap<string, DinoAiError> {
  let problems: Map<string, DinoAiError> | undefined
  for (const [key, fieldShape] of fieldShapes(shape)) {
    const mismatch = findMismatch(data, fieldShape)
    if (mismatch === undefined) continue
    const own = errors.filter((e) => e.path?.[0] === key)
    problems ??= new Map()
    problems.set(key, fieldProblem(mismatch, own, data, facts))
  }
  return problems ?? NO_PROBLEMS
}

// Shared by every answer without a problem, so a valid one allocates no map.
const NO_PROBLEMS: ReadonlyMap<string, DinoAiError> = new Map()

function envelopeOf(text: string): Envelope | { problem: unknown } {
  try {
    return parseEnvelope(text)
  } catch (problem) {
    return { problem }
  }
}

/**
 * Reads an HTTP answer: the body (within the size cap), the status (401/403, 429 and 5xx are
 * errors of their own), the GraphQL envelope, then each top-level field against the expected
 * shape. Resolves with the Answer or rejects with the DinoAiError the answer means. GraphQL errors
 * come back in the Answer: whether they fail a request is the caller's to say (a batch attributes
 * them per alias, a read of steps accepts them beside its data).
 */
export async function readResponse(response: Response, expect: Expectation): Promise<Answer> {
  const facts: ResponseFacts = {
    status: response.status,
    requestId: response.headers.get('x-request-id') ?? undefined,
    operationName: expect.operationName,
  }
  let envelope: Envelope | { problem: unknown }
  try {
    envelope = envelopeOf(await readBody(response, expect.maxResponseBytes))
  } catch (problem) {
    envelope = { problem }
  }
  const errors = 'problem' in envelope ? [] : (envelope.errors ?? [])
  const failed = statusError(response, errors, facts)
  if (failed) throw failed
  if ('problem' in envelope) throw bodyError(envelope.problem, response, facts)
  const data = envelope.data ?? null
  if (errors.length === 0 && (facts.status < 200 || facts.status >= 300 || data === null)) {
    throw new DinoAiBadResponseError(
      `The DinoAI API answered HTTP ${facts.status} without data or errors (is the endpoint the GraphQL URL?).`,
      facts,
    )
  }
  const problems = data === null ? NO_PROBLEMS : checkFields(data, errors, expect.shape, facts)
  return { data, errors, problems, facts }
}

/**
 * What to add to the error of a request an older backend refused (HTTP 400 to a document only
 * newer backends know), naming the option that sent that document; empty otherwise.
 */
export function newerApiHint(option: string | undefined, status: number): string {
  if (option === undefined || status !== 400) return ''
  return ` (${option} needs a newer DinoAI API: this one refused the request; leave the option out for older backends)`
}

/** A request that failed with GraphQL errors (or no data): `what` says what failed. */
export function graphQLFailure(
  what: string,
  errors: readonly GraphQLErrorEntry[],
  data: unknown,
  facts: ResponseFacts,
  newerOption?: string,
): DinoAiGraphQLError {
  const first = errors[0]?.message ?? 'no data'
  return new DinoAiGraphQLError(`${what} failed: ${first}${newerApiHint(newerOption, facts.status)}`, {
    ...facts,
    errors,
    data,
  })
}

/**
 * Throws DinoAiNotAcceptedError when a mutation answered `ok: false` (e.g. an unknown or expired
 * session). `agentSessionId` is the session the answer names, or the one the call was about.
 */
export function ensureAccepted(
  answer: { ok: boolean; status: string },
  agentSessionId: string,
  facts: ResponseFacts,
): void {
  if (answer.ok) return
  throw new DinoAiNotAcceptedError(
    `${facts.operationName} was not accepted (status ${JSON.stringify(answer.status)}${agentSessionId ? ` for session ${agentSessionId}` : ''}). Check that the session exists and is still alive (24 h after its last message).`,
    { ...facts, agentSessionId, serverStatus: answer.status },
  )
}

/**
 * Throws BAD_RESPONSE when an accepted trigger or follow-up names no session (`agentSessionId: ""`):
 * the schema allows any string, but nothing can be polled or followed up with an empty id.
 * `field` is the answer's top-level field, for the JSON path.
 */
export function ensureNamedSession(agentSessionId: string, field: string, facts: ResponseFacts): void {
  if (agentSessionId !== '') return
  throw new DinoAiBadResponseError(
    `${facts.operationName} was accepted but named no session (agentSessionId ""), so the run cannot be polled or followed up. Is the endpoint a DinoAI GraphQL API?`,
    { ...facts, jsonPath: `data.${field}.agentSessionId`, excerpt: '""' },
  )
}
