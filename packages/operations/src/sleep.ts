// Not an API fact: it is here because this is the one package both the client (its system clock)
// and the mock (its wall clock and slow faults) depend on, and the mock must not depend on the client.

/**
 * Waits `ms` on a real timer. When `signal` aborts first, the timer is cleared and the promise
 * rejects with the signal's reason (also when it had already aborted).
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
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
  })
}
