import type { Clock } from '../config/clock.js'

/** One timer, always set to the earliest moment anything is due. */
export interface WakeTimer {
  /** Fires `onWake` at `at` (clock time) instead of any earlier setting; +Infinity clears it. */
  set(at: number): void
}

/**
 * A single re-armable timer on the clock: the poller keeps one, whatever the number of sessions,
 * and every sleep goes through the clock so that tests never wait.
 */
export function createWakeTimer(clock: Clock, onWake: () => void): WakeTimer {
  let wake: { at: number; controller: AbortController } | undefined
  return {
    set(at) {
      if (wake && wake.at === at) return
      wake?.controller.abort()
      wake = undefined
      if (at === Number.POSITIVE_INFINITY) return
      const current = { at, controller: new AbortController() }
      wake = current
      clock.sleep(Math.max(0, at - clock.now()), current.controller.signal).then(
        () => {
          if (wake !== current) return
          wake = undefined
          onWake()
        },
        () => {},
      )
    },
  }
}
