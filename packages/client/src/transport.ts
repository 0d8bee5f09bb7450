import type { TypedDocumentNode } from '@urql/core'
import { Client, type CombinedError, getOperationName, makeOperation, type OperationResult } from '@urql/core'

/** Any GraphQL document: the generated ones, or a batch document. */
// biome-ignore lint/suspicious/noExplicitAny: documents of every result type go through one transport
export type AnyDocument = TypedDocumentNode<any, any>

import { systemClock } from './clock.js'
import type { ResolvedConfig } from './config.js'
import {
  DinoAiAuthenticationError,
  DinoAiBadResponseError,
  type DinoAiErrorDetails,
  DinoAiNetworkError,
  DinoAiRateLimitError,
  DinoAiServerError,
  type GraphQLErrorEntry,
} from './errors.js'
import { fetchExchange } from './exchange.js'
import type { OperationKind } from './retry.js'

/** What one request produced: data (possibly partial) and any GraphQL errors, with response facts. */
export interface RawResult {
  data: Record<string, unknown> | null
  errors: GraphQLErrorEntry[]
  status: number
  requestId: string | undefined
}

/** Sends one operation, once. */
export interface Transport {
  /**
   * One attempt. Transport failures (no response, 401/403, 429, 5xx, unparseable bodies) throw typed
   * errors; GraphQL errors come back in `errors` so batch reads can attribute them per alias.
   * Aborting `signal` cancels the in-flight fetch and rejects with the signal's reason.
   */
  send(
    document: AnyDocument,
    variables: Record<string, unknown>,
    kind: OperationKind,
    signal?: AbortSignal,
  ): Promise<RawResult>
}

// A given abort reason spares building a DOMException.
const SETTLED = new Error('request settled')

// The exchange POSTs JSON and parses JSON: no multipart or event-stream answers are wanted.
const JSON_HEADERS = {
  accept: 'application/graphql-response+json, application/json',
  'content-type': 'application/json',
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
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  const errors = (error as { errors?: unknown }).errors
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
  return errorCode((error as { cause?: unknown }).cause) ?? errorCode(error)
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000))
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

/** Creates the urql core client (our fetch exchange only: POST, no cache) and the classifier around it. */
export function createTransport(config: ResolvedConfig): Transport {
  const fetchFn = config.fetch as typeof fetch
  // One headers object for every request: the exchange spreads fetchOptions, never the headers.
  const fetchOptions: RequestInit = { headers: { ...JSON_HEADERS, ...config.headers } }
  const client = new Client({
    url: config.endpoint,
    exchanges: [fetchExchange],
    fetch: fetchFn,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions,
  })
  // urql shares in-flight queries that have the same key; every call here gets its own key so that
  // each has its own fetch, its own response facts and its own cancellation.
  let nextKey = 1
  // Errors are built here from what the server and fetch said, which may quote a secret: the
  // client passes every error through its Redactor before a caller sees it (see client.ts).
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

  function classify(
    result: OperationResult,
    response: Response | undefined,
    operationName: string | undefined,
  ): RawResult {
    const error: CombinedError | undefined = result.error
    if (response === undefined) {
      // The fetch itself failed: the exchange hands its error over untouched.
      const cause = error?.networkError
      const causeCode = fetchFailureCode(cause)
      const notSent = causeCode !== undefined && PRE_CONNECTION_CODES.has(causeCode)
      throw new DinoAiNetworkError(
        `${operationName ?? 'Request'} got no response from ${config.endpoint} (${causeCode ?? String((cause as Error | undefined)?.message ?? cause)})${notSent ? ': the connection was refused before sending' : ''}. Check the endpoint and your network.`,
        { notSent, causeCode, cause: safeCause(cause), operationName },
      )
    }
    const status = response.status
    const requestId = response.headers.get('x-request-id') ?? undefined
    const errors: GraphQLErrorEntry[] = (error?.graphQLErrors ?? []).map((e) => {
      const entry: GraphQLErrorEntry = { message: e.message }
      if (e.path) entry.path = [...e.path]
      if (e.extensions && Object.keys(e.extensions).length > 0) entry.extensions = { ...e.extensions }
      return entry
    })
    const details: DinoAiErrorDetails = { status, requestId, operationName }
    const serverSays = errors[0] ? `: ${errors[0].message}` : ''
    if (status === 401 || status === 403) {
      throw new DinoAiAuthenticationError(
        `The DinoAI API rejected the credentials (HTTP ${status})${serverSays}. Check PARADIME_API_KEY / PARADIME_API_SECRET (and PARADIME_WORKSPACE_UID) and that the key has access to the DinoAI Agents API.`,
        details,
      )
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
      throw new DinoAiRateLimitError(
        `Rate limited by the DinoAI API (HTTP 429)${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}.`,
        { ...details, retryAfterMs },
      )
    }
    if (status >= 500) {
      throw new DinoAiServerError(`The DinoAI API failed with HTTP ${status}${serverSays}.`, {
        ...details,
        status,
      })
    }
    const networkError = error?.networkError
    if (networkError && errors.length === 0) {
      if (networkError.name === 'TypeError') {
        // The body stream broke after the headers arrived: the request was sent and maybe processed.
        throw new DinoAiNetworkError(
          `${operationName ?? 'Request'}: the connection dropped while reading the response (${networkError.message}).`,
          { ...details, notSent: false, cause: safeCause(networkError) },
        )
      }
      throw new DinoAiBadResponseError(
        `The DinoAI API answered HTTP ${status} with a body that is not a GraphQL response (is the endpoint the GraphQL URL?).`,
        details,
      )
    }
    const data = (result.data ?? null) as Record<string, unknown> | null
    if (errors.length === 0 && (status < 200 || status >= 300 || data === null)) {
      throw new DinoAiBadResponseError(
        `The DinoAI API answered HTTP ${status} without data or errors (is the endpoint the GraphQL URL?).`,
        details,
      )
    }
    return { data, errors, status, requestId }
  }

  function send(
    document: AnyDocument,
    variables: Record<string, unknown>,
    kind: OperationKind,
    signal?: AbortSignal,
  ): Promise<RawResult> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<RawResult>((resolve, reject) => {
      let response: Response | undefined
      let settled = false
      let timer: ReturnType<typeof setTimeout> | undefined
      let sleepCancel: AbortController | undefined
      let subscription: { unsubscribe(): void } | undefined
      // The context the Client would build, made directly: one small object instead of spreads
      // of the Client's defaults on every request.
      const operation = makeOperation(
        kind,
        { key: nextKey++, query: document, variables },
        {
          url: config.endpoint,
          fetch: fetchFn,
          fetchOptions,
          requestPolicy: 'network-only',
          onResponse: (r: Response) => {
            response = r
          },
        },
      )
      const operationName = getOperationName(document)
      const finish = (): void => {
        settled = true
        if (signal) signal.removeEventListener('abort', onAbort)
        if (timer !== undefined) clearTimeout(timer)
        sleepCancel?.abort(SETTLED)
        subscription?.unsubscribe()
      }
      // Tearing the operation down is what aborts a fetch still in flight. urql's Client dispatches
      // a query's teardown when its subscriber leaves, but not a mutation's: that one is sent here.
      const tearDown = (): void => {
        finish()
        if (kind === 'mutation') client.reexecuteOperation(makeOperation('teardown', operation))
      }
      const onAbort = (): void => {
        if (settled) return
        tearDown()
        reject(signal?.reason)
      }
      const onTimeout = (): void => {
        if (settled) return
        tearDown()
        reject(
          new DinoAiNetworkError(
            `${operationName ?? 'Request'} timed out after ${config.requestTimeoutMs} ms (requestTimeoutMs); the server may still have processed it.`,
            { notSent: false, timedOut: true, operationName },
          ),
        )
      }
      subscription = client.executeRequestOperation(operation).subscribe((result) => {
        if (settled) return
        finish()
        try {
          resolve(classify(result, response, operationName))
        } catch (error) {
          reject(error)
        }
      })
      if (settled) {
        subscription.unsubscribe()
        return
      }
      if (signal) signal.addEventListener('abort', onAbort, { once: true })
      if (config.requestTimeoutMs > 0) {
        if (config.clock === systemClock) {
          timer = setTimeout(onTimeout, config.requestTimeoutMs)
        } else {
          sleepCancel = new AbortController()
          config.clock.sleep(config.requestTimeoutMs, sleepCancel.signal).then(onTimeout, () => {})
        }
      }
    })
  }

  return { send }
}
