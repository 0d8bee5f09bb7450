import { DinoAiValidationError } from '../errors/errors.js'
import { VERSION } from '../version.js'
import { DEFAULT_MAX_RESPONSE_BYTES } from '../wire/body.js'
import { DEFAULT_RETRY, NO_RETRY, type RetryOptions, type RetryPolicy } from '../wire/retry.js'
import { authHeaders, credentialSecrets } from './auth.js'
import { type Clock, systemClock } from './clock.js'
import { ENV_VARS, readEnv } from './env.js'

/** A WHATWG fetch: the global one, undici's, or a mock's (`createMockDinoAi().fetch`). */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/**
 * Options of `createDinoAiClient`. Each of endpoint, apiKey, apiSecret and workspaceUid falls back
 * to its environment variable: PARADIME_API_ENDPOINT, PARADIME_API_KEY, PARADIME_API_SECRET,
 * PARADIME_WORKSPACE_UID.
 */
export interface DinoAiClientOptions {
  /** The region-specific GraphQL URL shown with your API key. https, except on loopback hosts. */
  endpoint?: string | undefined
  /** With apiSecret, sent as X-API-KEY; alone (no secret), sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string | undefined
  /** A prdm_wsp_ / prdm_cmp_ secret is sent as a Bearer token; any other goes with apiKey. */
  apiSecret?: string | undefined
  /** Sent as X-Paradime-Workspace; required with a prdm_cmp_ secret. */
  workspaceUid?: string | undefined
  /** The fetch to use; default the global fetch. */
  fetch?: FetchFunction | undefined
  /** Extra request headers (they cannot override the auth headers). */
  headers?: Record<string, string> | undefined
  /** Retry policy; `false` disables retries. */
  retry?: RetryOptions | false | undefined
  /** Abort a single request after this long (a network error, never retried for mutations). Default 30 000; 0 disables. */
  requestTimeoutMs?: number | undefined
  /** Polls of many sessions are batched into one request of at most this many reads. Default 50; 1 disables batching. */
  maxBatchSize?: number | undefined
  /**
   * The largest response body the client reads, in bytes; a larger one ends in a BAD_RESPONSE error
   * without being buffered whole. Default DEFAULT_MAX_RESPONSE_BYTES (8 MiB).
   */
  maxResponseBytes?: number | undefined
  /** For tests: a clock whose sleeps cost nothing. See `Clock`. */
  clock?: Clock | undefined
}

/** The checked, complete configuration a client runs on. */
export interface ResolvedConfig {
  endpoint: string
  headers: Record<string, string>
  fetch: FetchFunction
  retry: RetryPolicy
  requestTimeoutMs: number
  maxBatchSize: number
  maxResponseBytes: number
  clock: Clock
  /** Strings that must never appear in an error: the credential that authenticates and its bearer header value. */
  secrets: string[]
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1'])

/** Whether a URL's host is the local machine (localhost, 127.0.0.0/8 or ::1). */
export function isLoopbackHost(hostname: string): boolean {
  if (LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost')) return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/** Checks the endpoint: an absolute http(s) URL, https unless the host is loopback. */
export function checkEndpoint(endpoint: string | undefined): string {
  if (!endpoint) {
    throw new DinoAiValidationError(
      'endpoint',
      'Missing API endpoint: pass endpoint or set PARADIME_API_ENDPOINT to the GraphQL URL shown with your API key.',
    )
  }
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new DinoAiValidationError(
      'endpoint',
      `Endpoint ${JSON.stringify(endpoint)} is not an absolute URL: use e.g. https://api.paradime.io/api/v1/<region>/graphql.`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DinoAiValidationError('endpoint', `Endpoint must use https, not ${url.protocol.slice(0, -1)}.`)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new DinoAiValidationError(
      'endpoint',
      `Endpoint ${url.origin} must use https: plain http is only allowed for localhost, 127.0.0.0/8 and ::1.`,
    )
  }
  return url.href
}

function nodeVersion(): string {
  return typeof process !== 'undefined' && process.versions?.node ? `node/${process.versions.node}` : 'js'
}

/** Merges options with the environment, validates them and builds the headers. Throws DinoAiValidationError. */
export function resolveConfig(options: DinoAiClientOptions = {}): ResolvedConfig {
  const endpoint = checkEndpoint(options.endpoint ?? readEnv(ENV_VARS.endpoint))
  const credentials = {
    apiKey: options.apiKey ?? readEnv(ENV_VARS.apiKey),
    apiSecret: options.apiSecret ?? readEnv(ENV_VARS.apiSecret),
    workspaceUid: options.workspaceUid ?? readEnv(ENV_VARS.workspaceUid),
  }
  const auth = authHeaders(credentials)
  const fetchFn = options.fetch ?? globalThis.fetch
  if (typeof fetchFn !== 'function') {
    throw new DinoAiValidationError(
      'fetch',
      'No fetch available: pass options.fetch (Node.js 22.15 and newer, and every current browser, have a global fetch).',
    )
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000
  if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs < 0) {
    throw new DinoAiValidationError(
      'requestTimeoutMs',
      'requestTimeoutMs must be a number of milliseconds >= 0 (0 disables it).',
    )
  }
  const maxBatchSize = options.maxBatchSize ?? 50
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new DinoAiValidationError('maxBatchSize', 'maxBatchSize must be a whole number >= 1.')
  }
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    throw new DinoAiValidationError(
      'maxResponseBytes',
      `maxResponseBytes must be a whole number of bytes >= 1 (default ${DEFAULT_MAX_RESPONSE_BYTES}, 8 MiB); got ${String(maxResponseBytes)}.`,
    )
  }
  const retry = options.retry === false ? NO_RETRY : { ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) }
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new DinoAiValidationError(
      'retry.maxAttempts',
      'retry.maxAttempts must be a whole number >= 1 (1 means no retries).',
    )
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
  Object.assign(headers, auth, {
    'user-agent': `dinoai-typescript/${VERSION} ${nodeVersion()}`,
    'x-dinoai-sdk-version': VERSION,
  })
  const secrets = credentialSecrets(credentials)
  return {
    endpoint,
    headers,
    fetch: fetchFn,
    retry,
    requestTimeoutMs,
    maxBatchSize,
    maxResponseBytes,
    clock: options.clock ?? systemClock,
    secrets,
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
