import { abortableSleep } from '@dinoai/operations'

/**
 * Time as the waiters see it. The default uses `performance.now()` (monotonic, immune to wall
 * clock changes) and `setTimeout`. Inject your own to test waits without sleeping in real time.
 */
export interface Clock {
  /** Monotonic milliseconds. */
  now(): number
  /** Resolves after `ms`; on abort, clears its timer and rejects with the signal's reason. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** A number in [0, 1) for jitter. */
  random(): number
}

/** The real clock: `performance.now()`, `setTimeout` and `Math.random`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  // The one abortable sleep of the SDK, shared with the mock's wall clock.
  sleep: abortableSleep,
  random: () => Math.random(),
}
