import type { Clock } from '../config/clock.js'
import { DinoAiError, DinoAiNetworkError, DinoAiRateLimitError, DinoAiServerError } from '../errors/errors.js'

/**
 * When and how often to retry a failed request. Reads (`getRun`, polls) retry network errors,
 * 429 and 502/503/504. Mutations retry only when the server provably did not process them
 * (connection refused before sending, or 429), never after a timeout, a dropped connection or a 5xx.
 */
export interface RetryOptions {
  /** Attempts in total, the first included. Default 4. */
  maxAttempts?: number
  /** The first backoff delay. Default 500 ms. */
  minDelayMs?: number
  /** The longest backoff delay. Default 10 000 ms. */
  maxDelayMs?: number
  /** Fraction of each delay that is randomised (0 to 1). Default 0.5. */
  jitter?: number
  /** Retry mutations in the provably-safe cases above. Default true; false never retries them. */
  retryMutations?: boolean
  /** A 429 whose Retry-After is longer than this is not retried. Default 60 000 ms. */
  maxRetryAfterMs?: number
}

/** RetryOptions with every default filled in. */
export type RetryPolicy = Required<RetryOptions>

/** The defaults described on `RetryOptions`. */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  minDelayMs: 500,
  maxDelayMs: 10_000,
  jitter: 0.5,
  retryMutations: true,
  maxRetryAfterMs: 60_000,
})

/** No retries at all: `retry: false`. */
export const NO_RETRY: RetryPolicy = Object.freeze({
  ...DEFAULT_RETRY,
  maxAttempts: 1,
  retryMutations: false,
})

/** Whether an operation reads (safe to repeat) or mutates (may start a run or deliver a message). */
export type OperationKind = 'query' | 'mutation'

const RETRYABLE_SERVER_STATUSES = new Set([502, 503, 504])

/** Whether a failure may be retried for this kind of operation, under the policy above. */
export function isRetryable(error: unknown, kind: OperationKind, policy: RetryPolicy): boolean {
  if (!(error instanceof DinoAiError)) return false
  if (error instanceof DinoAiRateLimitError) {
    if (kind === 'mutation' && !policy.retryMutations) return false
    return error.retryAfterMs === undefined || error.retryAfterMs <= policy.maxRetryAfterMs
  }
  if (kind === 'mutation') {
    return policy.retryMutations && error instanceof DinoAiNetworkError && error.notSent
  }
  if (error instanceof DinoAiNetworkError) return true
  return (
    error instanceof DinoAiServerError &&
    error.status !== undefined &&
    RETRYABLE_SERVER_STATUSES.has(error.status)
  )
}

/** The delay before retry number `retry` (1-based): exponential from minDelayMs, capped, jittered. */
export function backoffDelay(
  retry: number,
  minDelayMs: number,
  maxDelayMs: number,
  jitter: number,
  random: () => number,
): number {
  const base = Math.min(maxDelayMs, minDelayMs * 2 ** Math.max(0, retry - 1))
  const spread = Math.min(1, Math.max(0, jitter))
  return Math.round(base * (1 - spread * random()))
}

/** The delay before the next attempt: the server's Retry-After when it sent one, else the backoff. */
export function retryDelay(error: unknown, retry: number, policy: RetryPolicy, clock: Clock): number {
  const backoff = backoffDelay(retry, policy.minDelayMs, policy.maxDelayMs, policy.jitter, clock.random)
  if (error instanceof DinoAiRateLimitError && error.retryAfterMs !== undefined) {
    return Math.max(error.retryAfterMs, 0)
  }
  return backoff
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or runs out of attempts.
 * Sleeps go through the clock, so the signal interrupts them and tests never wait.
 */
export function withRetry<T>(
  attempt: () => Promise<T>,
  kind: OperationKind,
  policy: RetryPolicy,
  clock: Clock,
  signal?: AbortSignal,
): Promise<T> {
  // The first attempt goes straight through: the retry loop is only entered after a failure.
  return attempt().catch((error: unknown) => retryAfter(error, attempt, kind, policy, clock, signal))
}

async function retryAfter<T>(
  firstError: unknown,
  attempt: () => Promise<T>,
  kind: OperationKind,
  policy: RetryPolicy,
  clock: Clock,
  signal: AbortSignal | undefined,
): Promise<T> {
  let error = firstError
  for (let n = 1; ; n++) {
    if (n >= policy.maxAttempts || !isRetryable(error, kind, policy) || signal?.aborted) throw error
    await clock.sleep(retryDelay(error, n, policy, clock), signal)
    try {
      return await attempt()
    } catch (next) {
      error = next
    }
  }
}
