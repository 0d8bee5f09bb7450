import type { Clock } from '../config/clock.js'

/** One timer, always set to the earliest moment anything is due. */
export interface WakeTimer {
  /** Fires `onWake` at `at` (clock time) instead of any earlier setting; +Infinity clears it. */
  set(at: number): void
}

/** A wake-up that is armed: when it fires, and how to call it off (a sleep's controller, if any). */
interface Wake {
  at: number
  controller: AbortController | undefined
}

/**
 * A single re-armable timer on the clock: the poller keeps one, whatever the number of sessions,
 * and every sleep goes through the clock so that tests never wait. Something due already (a new
 * wait's first read) runs as a microtask instead: a sleep of 0 would cost a timer turn on the real
 * clock and a quiet spell on a test's virtual one, for nothing. Everything that subscribed in the
 * same synchronous stretch is still read in one batch.
 */
export function createWakeTimer(clock: Clock, onWake: () => void): WakeTimer {
  let wake: Wake | undefined
  const fire = (current: Wake): void => {
    if (wake !== current) return
    wake = undefined
    onWake()
  }
  return {
    set(at) {
      if (wake && wake.at === at) return
      wake?.controller?.abort()
      wake = undefined
      if (at === Number.POSITIVE_INFINITY) return
      const delay = at - clock.now()
      if (delay <= 0) {
        const current: Wake = { at, controller: undefined }
        wake = current
        queueMicrotask(() => fire(current))
        return
      }
      const current: Wake = { at, controller: new AbortController() }
      wake = current
      clock.sleep(delay, current.controller?.signal).then(
        () => fire(current),
        () => {},
      )
    },
  }
}
