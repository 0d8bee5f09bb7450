import type { Clock } from '@dinoai/client'

/**
 * A clock whose sleeps resolve at once and move its time forward: the pages wait with the
 * client's default 1 s .. 10 s backoff without waiting in real time.
 */
export function virtualClock(): Clock {
  let now = 0
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted()
      now += ms
    },
    random: () => 0.5,
  }
}
