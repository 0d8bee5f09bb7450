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
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
  random: () => Math.random(),
}
