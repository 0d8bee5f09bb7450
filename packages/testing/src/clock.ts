import { MockDinoAiUsageError } from './errors.js'
import type { Random } from './random.js'
import { realSleep } from './sleep.js'

/**
 * The mock's time, shaped like `@dinoai/client`'s `Clock` (now, sleep, random), so
 * `createDinoAiClient({ fetch: mock.fetch, clock: mock.clock })` puts client and mock on one time.
 */
export interface MockClock {
  /** 'virtual' (the default: sleeps cost no real time) or 'wall' (real timers). */
  readonly kind: 'virtual' | 'wall'
  /** Monotonic milliseconds. */
  now(): number
  /** Resolves after `ms` of this clock's time; on abort, rejects with the signal's reason. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** A number in [0, 1) from the mock's seed, e.g. for a client's jitter. */
  random(): number
}

/** A clock and the handle the mock uses to keep virtual time still while it answers a request. */
export interface ClockControl {
  readonly clock: MockClock
  /** Marks a request in flight until the returned function is called (safe to call twice). */
  hold(): () => void
}

interface Timer {
  at: number
  seq: number
  fire(): void
}

/** Where a virtual clock starts: 2024-04-26T14:40:36Z, so that its readings look like dates. */
export const VIRTUAL_EPOCH_MS = 1_714_142_436_000

// Event-loop turns without any request activity before virtual time jumps to the next sleep: enough
// for a response body to be read and the promise chains after it (urql, a client's poller) to run,
// and for a client in this process to put its next request on a loopback socket.
const QUIET_TURNS = 12

// Taken when this module loads, so that a test's fake timers (vi.useFakeTimers) cannot freeze the
// virtual clock: it keeps its own time and only needs real event-loop turns.
const realSetImmediate = globalThis.setImmediate
const realSetTimeout = globalThis.setTimeout
const nextTurn: (callback: () => void) => void =
  typeof realSetImmediate === 'function'
    ? (callback) => realSetImmediate(callback)
    : (callback) => realSetTimeout(callback, 0)

/** Why a sleep cannot be scheduled, or null. */
function badSleep(ms: number): MockDinoAiUsageError | null {
  return Number.isFinite(ms) && ms >= 0
    ? null
    : new MockDinoAiUsageError(`clock.sleep(ms): ms must be a finite number >= 0, got ${ms}.`)
}

/**
 * A virtual clock: `sleep` costs no real time. When a sleep is pending and no request is in
 * flight (none has started or finished for a few event-loop turns), time jumps to the earliest
 * sleep and resolves it. A request in flight keeps time still, so a client's request timeout on
 * this clock never fires while the mock is still answering.
 */
function virtualClock(random: Random): ClockControl {
  let now = VIRTUAL_EPOCH_MS
  let seq = 0
  let inFlight = 0
  let activity = 0
  let scheduled = false
  const timers = new Set<Timer>()

  const earliest = (): Timer | undefined => {
    let best: Timer | undefined
    for (const t of timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t
    return best
  }

  const kick = (): void => {
    if (scheduled || timers.size === 0) return
    scheduled = true
    let quiet = 0
    let seen = activity
    const turn = (): void => {
      if (inFlight > 0) {
        // The request's release kicks again.
        scheduled = false
        return
      }
      if (seen !== activity) {
        seen = activity
        quiet = 0
      }
      if (++quiet < QUIET_TURNS) {
        nextTurn(turn)
        return
      }
      scheduled = false
      const next = earliest()
      if (!next) return
      timers.delete(next)
      now = Math.max(now, next.at)
      next.fire()
      kick()
    }
    nextTurn(turn)
  }

  const clock: MockClock = {
    kind: 'virtual',
    now: () => now,
    random: () => random.next(),
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        const bad = badSleep(ms)
        if (bad) {
          reject(bad)
          return
        }
        if (signal?.aborted) {
          reject(signal.reason)
          return
        }
        const onAbort = (): void => {
          timers.delete(timer)
          reject(signal?.reason)
        }
        const timer: Timer = {
          at: now + ms,
          seq: seq++,
          fire: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        timers.add(timer)
        kick()
      })
    },
  }

  return {
    clock,
    hold() {
      inFlight++
      activity++
      let held = true
      return () => {
        if (!held) return
        held = false
        inFlight--
        activity++
        kick()
      }
    },
  }
}

/** The wall clock: `performance.now()` and real timers; `random` still follows the seed. */
function wallClock(random: Random): ClockControl {
  const clock: MockClock = {
    kind: 'wall',
    now: () => performance.now(),
    random: () => random.next(),
    sleep(ms, signal) {
      const bad = badSleep(ms)
      return bad ? Promise.reject(bad) : realSleep(ms, signal)
    },
  }
  return { clock, hold: () => () => {} }
}

/** Creates the clock a mock runs on. */
export function createClock(kind: 'virtual' | 'wall', random: Random): ClockControl {
  return kind === 'wall' ? wallClock(random) : virtualClock(random)
}
