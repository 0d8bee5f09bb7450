import { abortableSleep } from '@dinoai/operations'
import { MockDinoAiUsageError } from './errors.js'
import type { Random } from './random.js'

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

/** The state of one virtual clock: its time, pending sleeps and requests in flight. */
interface VirtualTime {
  now: number
  seq: number
  inFlight: number
  /** Bumped whenever a request starts or finishes: time jumps only after a quiet spell. */
  activity: number
  /** Whether a jump is already being waited for. */
  scheduled: boolean
  readonly timers: Set<Timer>
}

function earliest(timers: ReadonlySet<Timer>): Timer | undefined {
  let best: Timer | undefined
  for (const t of timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t
  return best
}

/**
 * Waits for a quiet spell (no request in flight, none started or finished for QUIET_TURNS turns),
 * then jumps to the earliest sleep, resolves it, and waits again while sleeps remain.
 */
function kick(time: VirtualTime): void {
  if (time.scheduled || time.timers.size === 0) return
  time.scheduled = true
  let quiet = 0
  let seen = time.activity
  const turn = (): void => {
    if (time.inFlight > 0) {
      // The request's release kicks again.
      time.scheduled = false
      return
    }
    if (seen !== time.activity) {
      seen = time.activity
      quiet = 0
    }
    if (++quiet < QUIET_TURNS) {
      nextTurn(turn)
      return
    }
    time.scheduled = false
    const next = earliest(time.timers)
    if (!next) return
    time.timers.delete(next)
    time.now = Math.max(time.now, next.at)
    next.fire()
    kick(time)
  }
  nextTurn(turn)
}

function virtualSleep(time: VirtualTime, ms: number, signal: AbortSignal | undefined): Promise<void> {
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
      time.timers.delete(timer)
      reject(signal?.reason)
    }
    const timer: Timer = {
      at: time.now + ms,
      seq: time.seq++,
      fire: () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    time.timers.add(timer)
    kick(time)
  })
}

/** Marks a request in flight: time stands still until the returned release (safe to call twice). */
function holdTime(time: VirtualTime): () => void {
  time.inFlight++
  time.activity++
  let held = true
  return () => {
    if (!held) return
    held = false
    time.inFlight--
    time.activity++
    kick(time)
  }
}

/**
 * A virtual clock: `sleep` costs no real time. When a sleep is pending and no request is in
 * flight (none has started or finished for a few event-loop turns), time jumps to the earliest
 * sleep and resolves it. A request in flight keeps time still, so a client's request timeout on
 * this clock never fires while the mock is still answering.
 */
function virtualClock(random: Random): ClockControl {
  const time: VirtualTime = {
    now: VIRTUAL_EPOCH_MS,
    seq: 0,
    inFlight: 0,
    activity: 0,
    scheduled: false,
    timers: new Set(),
  }
  const clock: MockClock = {
    kind: 'virtual',
    now: () => time.now,
    random: () => random.next(),
    sleep: (ms, signal) => virtualSleep(time, ms, signal),
  }
  return { clock, hold: () => holdTime(time) }
}

/** The wall clock: `performance.now()` and real timers; `random` still follows the seed. */
function wallClock(random: Random): ClockControl {
  const clock: MockClock = {
    kind: 'wall',
    now: () => performance.now(),
    random: () => random.next(),
    sleep(ms, signal) {
      const bad = badSleep(ms)
      return bad ? Promise.reject(bad) : abortableSleep(ms, signal)
    },
  }
  return { clock, hold: () => () => {} }
}

/** Creates the clock a mock runs on. */
export function createClock(kind: 'virtual' | 'wall', random: Random): ClockControl {
  return kind === 'wall' ? wallClock(random) : virtualClock(random)
}
