import type { TypedDocumentNode } from '@urql/core'
import { Client, type CombinedError, createRequest, fetchExchange, type OperationResult } from '@urql/core'

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
  /** Replaces every secret in a string with `[redacted]`. */
  redact(text: string): string
}

// A given abort reason spares building a DOMException.
const SETTLED = new Error('request settled')

// Replacing a one-letter "secret" would shred every message; real secrets are long.
const MIN_REDACTED_LENGTH = 6

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

function operationNameOf(document: AnyDocument): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition') return definition.name?.value
  }
  return undefined
}

/** Creates the urql core client (fetchExchange only, POST, no cache) and the classifier around it. */
export function createTransport(config: ResolvedConfig): Transport {
  const client = new Client({
    url: config.endpoint,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: { headers: config.headers },
  })
  // urql shares in-flight queries that have the same key; every call here gets its own key so that
  // each has its own fetch, its own response facts and its own cancellation.
  let nextKey = 1
  const redact = (text: string): string => {
    let out = text
    for (const secret of config.secrets) {
      if (secret.length >= MIN_REDACTED_LENGTH) out = out.split(secret).join('[redacted]')
    }
    return out
  }

  function safeCause(error: unknown): Error | undefined {
    if (error === undefined) return undefined
    const message = error instanceof Error ? error.message : String(error)
    const cause = new Error(redact(message))
    cause.name = error instanceof Error ? error.name : 'Error'
    const code = fetchFailureCode(error) ?? errorCode(error)
    if (code !== undefined) Object.assign(cause, { code })
    return cause
  }

  function classify(
    result: OperationResult,
    response: Response | undefined,
    fetchError: unknown,
    operationName: string | undefined,
  ): RawResult {
    const error: CombinedError | undefined = result.error
    if (response === undefined) {
      const cause = fetchError ?? error?.networkError
      const causeCode = fetchFailureCode(cause)
      const notSent = causeCode !== undefined && PRE_CONNECTION_CODES.has(causeCode)
      throw new DinoAiNetworkError(
        `${operationName ?? 'Request'} got no response from ${config.endpoint} (${causeCode ?? redact(String((cause as Error | undefined)?.message ?? cause))})${notSent ? ': the connection was refused before sending' : ''}. Check the endpoint and your network.`,
        { notSent, causeCode, cause: safeCause(cause), operationName },
      )
    }
    const status = response.status
    const requestId = response.headers.get('x-request-id') ?? undefined
    const errors: GraphQLErrorEntry[] = (error?.graphQLErrors ?? []).map((e) => {
      const entry: GraphQLErrorEntry = { message: redact(e.message) }
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
          `${operationName ?? 'Request'}: the connection dropped while reading the response (${redact(networkError.message)}).`,
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
    return new Promise<RawResult>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      let response: Response | undefined
      let fetchError: unknown
      // urql tears down (and so aborts) a query when its subscriber leaves, but not a mutation:
      // a mutation's fetch gets a signal of ours, aborted on timeout or cancellation.
      const cancel = kind === 'mutation' ? new AbortController() : undefined
      const captureFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
        if (cancel) {
          const urqlSignal = init?.signal
          urqlSignal?.addEventListener('abort', () => cancel.abort(urqlSignal.reason), { once: true })
          init = { ...init, signal: cancel.signal }
        }
        try {
          response = await config.fetch(input as string | URL | Request, init)
          return response
        } catch (error) {
          fetchError = error
          throw error
        }
      }
      const keyed = createRequest(document, variables)
      const operation = client.createRequestOperation(
        kind,
        { ...keyed, key: nextKey++ },
        { fetch: captureFetch, requestPolicy: 'network-only' },
      )
      const operationName = operationNameOf(document)
      let settled = false
      let cancelTimer: (() => void) | undefined
      let subscription: { unsubscribe(): void } | undefined
      // Unsubscribing tears the operation down, and urql then aborts its own controller, which
      // is the signal the fetch received: this is how an in-flight request is cancelled.
      const finish = (): void => {
        settled = true
        signal?.removeEventListener('abort', onAbort)
        cancelTimer?.()
        subscription?.unsubscribe()
      }
      const onAbort = (): void => {
        if (settled) return
        finish()
        cancel?.abort(signal?.reason)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      subscription = client.executeRequestOperation(operation).subscribe((result) => {
        if (settled) return
        finish()
        try {
          resolve(classify(result, response, fetchError, operationName))
        } catch (error) {
          reject(error)
        }
      })
      if (settled) subscription.unsubscribe()
      if (config.requestTimeoutMs > 0 && !settled) {
        const onTimeout = (): void => {
          if (settled) return
          finish()
          cancel?.abort(SETTLED)
          reject(
            new DinoAiNetworkError(
              `${operationName ?? 'Request'} timed out after ${config.requestTimeoutMs} ms (requestTimeoutMs); the server may still have processed it.`,
              { notSent: false, timedOut: true, operationName },
            ),
          )
        }
        if (config.clock === systemClock) {
          // The common case skips an AbortController per request: in Node 20 each costs more
          // than the rest of the client's per-request work.
          const handle = setTimeout(onTimeout, config.requestTimeoutMs)
          cancelTimer = () => clearTimeout(handle)
        } else {
          const timer = new AbortController()
          config.clock.sleep(config.requestTimeoutMs, timer.signal).then(onTimeout, () => {})
          cancelTimer = () => timer.abort(SETTLED)
        }
      }
    })
  }

  return { send, redact }
}
