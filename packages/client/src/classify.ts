import type { CombinedError, OperationResult } from '@urql/core'
import { ResponseBodyProblem, ResponseStreamBroke } from './bad-response.js'
import {
  DinoAiAuthenticationError,
  DinoAiBadResponseError,
  type DinoAiError,
  type DinoAiErrorDetails,
  DinoAiNetworkError,
  DinoAiRateLimitError,
  DinoAiServerError,
  type GraphQLErrorEntry,
} from './errors.js'

/** What one request produced: data (possibly partial) and any GraphQL errors, with response facts. */
export interface RawResult<Data> {
  /** The answer's `data`, typed by the document. With `errors`, fields may be null where errors are. */
  data: Data | null
  errors: GraphQLErrorEntry[]
  status: number
  requestId: string | undefined
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

// Errors are built here from what the server and fetch said, which may quote a secret: the
// client passes every error through its Redactor before a caller sees it (see guard.ts).
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
function noResponseError(
  error: CombinedError | undefined,
  endpoint: string,
  operationName: string | undefined,
): DinoAiNetworkError {
  // The exchange hands the fetch's error over untouched.
  const cause = error?.networkError
  const causeCode = fetchFailureCode(cause)
  const notSent = causeCode !== undefined && PRE_CONNECTION_CODES.has(causeCode)
  return new DinoAiNetworkError(
    `${operationName ?? 'Request'} got no response from ${endpoint} (${causeCode ?? String(cause?.message ?? cause)})${causeCode && CAUSE_WORDS[causeCode] ? `: ${CAUSE_WORDS[causeCode]}` : ''}${notSent ? ', so nothing was sent' : ''}. Check the endpoint and your network.`,
    { notSent, causeCode, cause: safeCause(cause), operationName },
  )
}

function graphQLErrors(error: CombinedError | undefined): GraphQLErrorEntry[] {
  return (error?.graphQLErrors ?? []).map((e) => {
    const entry: GraphQLErrorEntry = { message: e.message }
    if (e.path) entry.path = [...e.path]
    if (e.extensions && Object.keys(e.extensions).length > 0) entry.extensions = { ...e.extensions }
    return entry
  })
}

/** The error an HTTP status means by itself (401/403, 429, 5xx), if any. */
function statusError(
  response: Response,
  errors: readonly GraphQLErrorEntry[],
  details: DinoAiErrorDetails & { status: number },
): DinoAiError | undefined {
  const { status } = details
  // The server's own sentence goes inside ours: without its final period, or the message shows two.
  const serverSays = errors[0] ? `: ${errors[0].message.trimEnd().replace(/\.+$/, '')}` : ''
  if (status === 401 || status === 403) {
    return new DinoAiAuthenticationError(
      `The DinoAI API rejected the credentials (HTTP ${status})${serverSays}. Check PARADIME_API_KEY / PARADIME_API_SECRET (and PARADIME_WORKSPACE_UID) and that the key has access to the DinoAI Agents API.`,
      details,
    )
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
    return new DinoAiRateLimitError(
      `Rate limited by the DinoAI API (HTTP 429)${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}.`,
      { ...details, retryAfterMs },
    )
  }
  if (status >= 500) {
    return new DinoAiServerError(`The DinoAI API failed with HTTP ${status}${serverSays}.`, details)
  }
  return undefined
}

/** A body that could not be read as a GraphQL response. */
function bodyError(networkError: Error, details: DinoAiErrorDetails & { status: number }): DinoAiError {
  const operation = details.operationName ?? 'Request'
  if (networkError instanceof ResponseStreamBroke) {
    // The body stream broke after the headers arrived: the request was sent and maybe processed.
    return new DinoAiNetworkError(
      `${operation}: the connection dropped while reading the response (${networkError.message}).`,
      { ...details, notSent: false, cause: safeCause(networkError.cause) },
    )
  }
  if (networkError instanceof ResponseBodyProblem) {
    const { jsonPath, excerpt } = networkError
    const at = jsonPath === undefined || jsonPath === '$' ? '' : ` at ${jsonPath}`
    const got = excerpt === undefined ? '' : `: ${JSON.stringify(excerpt)}`
    return new DinoAiBadResponseError(
      `${operation}: the DinoAI API answered HTTP ${details.status} with ${networkError.message}${at}${got}.`,
      { ...details, jsonPath, excerpt },
    )
  }
  return new DinoAiBadResponseError(
    `${operation}: the DinoAI API answered HTTP ${details.status} with a body that is not a GraphQL response (${networkError.message}).`,
    details,
  )
}

/**
 * Turns what urql and fetch produced into data and GraphQL errors, or throws the typed error that
 * the transport failure means (no response, 401/403, 429, 5xx, unparseable body). GraphQL errors
 * come back in `errors`, so batch reads can attribute them per alias.
 */
export function classify<Data>(
  result: OperationResult<Data>,
  response: Response | undefined,
  endpoint: string,
  operationName: string | undefined,
): RawResult<Data> {
  if (response === undefined) throw noResponseError(result.error, endpoint, operationName)
  const status = response.status
  const requestId = response.headers.get('x-request-id') ?? undefined
  const errors = graphQLErrors(result.error)
  const details = { status, requestId, operationName }
  const failed = statusError(response, errors, details)
  if (failed) throw failed
  const networkError = result.error?.networkError
  if (networkError && errors.length === 0) throw bodyError(networkError, details)
  const data = result.data ?? null
  if (errors.length === 0 && (status < 200 || status >= 300 || data === null)) {
    throw new DinoAiBadResponseError(
      `The DinoAI API answered HTTP ${status} without data or errors (is the endpoint the GraphQL URL?).`,
      details,
    )
  }
  return { data, errors, status, requestId }
}
