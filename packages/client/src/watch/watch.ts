import type { Clock } from '../config/clock.js'
import { DinoAiWaitTimeoutError, type GraphQLErrorEntry, runFailedError } from '../errors/errors.js'
import type { Poller, PollSubscriber } from '../poll/poller.js'
import { partialDataWarning } from '../warnings.js'
import type { WatchEvent } from './events.js'
import type { WaitOptions, WaitSettings } from './options.js'
import { createStepTracker, type PolledRun, type WatchStepsOptions } from './steps.js'
import { createRunTracker } from './tracker.js'

// Events a watch holds for a consumer that has not read them yet. When it is full, the session's
// polling pauses (for every waiter on it, if all lag); a snapshot that still arrives, because
// another waiter keeps the session going, is folded into one pending snapshot instead.
const QUEUE_BOUND = 64

/** What one watch follows: a session on the shared poller, with the wait's options. */
export interface WatchSpec {
  poller: Poller
  clock: Clock
  sessionId: string
  options: WaitOptions
  settings: WaitSettings
  steps?: WatchStepsOptions | undefined
}

/** A snapshot not yet turned into events: its run and the errors reported beside it. */
interface Snapshot {
  run: PolledRun
  errors: readonly GraphQLErrorEntry[]
}

/** The state of one watch, shared by its poll subscriber and its iterator. */
interface WatchState {
  readonly spec: WatchSpec
  readonly queue: WatchEvent[]
  pending: Snapshot | undefined
  lastRun: PolledRun | undefined
  /** Settled (the last event is queued) or failed: no snapshot is taken any more. */
  ended: boolean
  failure: { error: unknown } | undefined
  wake: (() => void) | undefined
  unsubscribe: () => void
  toEvents: (snapshot: Snapshot) => { events: WatchEvent[]; settled: boolean }
}

/** The events of one snapshot, in the order `WatchEvent` documents, with their trackers' state. */
function snapshotReader(spec: WatchSpec): (snapshot: Snapshot) => { events: WatchEvent[]; settled: boolean } {
  const { options, sessionId } = spec
  const tracker = createRunTracker(options.afterTs, options.followUp)
  const stepTracker = createStepTracker()
  let previousStatus: string | undefined
  return ({ run, errors }) => {
    const changes = tracker.update(run)
    const settled = tracker.settled(run)
    const steps = stepTracker.update(run)
    const events: WatchEvent[] = []
    if (changes.status !== undefined) {
      events.push({ type: 'status', status: changes.status, previousStatus, run })
      previousStatus = changes.status
    }
    if (errors.length > 0) events.push({ type: 'warning', warning: partialDataWarning(sessionId, errors) })
    if ('steps' in run) {
      if (steps.startupSteps) events.push({ type: 'startup', startupSteps: steps.startupSteps, run })
      for (const step of steps.steps) events.push({ type: 'step', step, run })
    }
    for (const message of changes.messages) events.push({ type: 'message', message, run })
    if (settled === 'completed') events.push({ type: 'completed', run })
    if (settled === 'failed') events.push({ type: 'failed', run, error: runFailedError(run) })
    if (changes.status !== undefined || changes.messages.length > 0) options.onUpdate?.(run)
    return { events, settled: settled !== undefined }
  }
}

const hasRoom = (state: WatchState): boolean => state.queue.length < QUEUE_BOUND && !state.pending

/** Turns a snapshot into queued events (warnings also go to onWarning); a settled run ends the watch. */
function absorb(state: WatchState, snapshot: Snapshot): void {
  const { events, settled } = state.toEvents(snapshot)
  for (const event of events) {
    if (event.type === 'warning') state.spec.options.onWarning?.(event.warning)
    state.queue.push(event)
  }
  if (settled) end(state)
}

// Two snapshots become one: the newer run, with the steps of both (a read after the cursor brings
// only new steps, which must not be lost) and the errors of both.
function fold(older: Snapshot, newer: Snapshot): Snapshot {
  const { run } = newer
  const errors = [...older.errors, ...newer.errors]
  if (!('steps' in run) || !('steps' in older.run) || !older.run.steps) return { run, errors }
  const seen = new Set((run.steps ?? []).map((s) => s.index))
  const kept = older.run.steps.filter((s) => !seen.has(s.index))
  return { run: { ...run, steps: [...kept, ...(run.steps ?? [])] }, errors }
}

function end(state: WatchState, failure?: { error: unknown }): void {
  if (state.ended) return
  state.ended = true
  state.failure = failure
  state.unsubscribe()
  state.wake?.()
}

function subscriberOf(state: WatchState): PollSubscriber {
  const { spec } = state
  const { settings } = spec
  return {
    sessionId: spec.sessionId,
    minDelayMs: settings.minDelayMs,
    pollIntervalMs: settings.pollIntervalMs,
    jitter: settings.jitter,
    deadline: settings.deadline ?? spec.clock.now() + settings.timeoutMs,
    steps: spec.steps,
    ready: () => hasRoom(state),
    onRun: (run, errors) => {
      if (state.ended) return
      state.lastRun = run
      const snapshot = { run, errors }
      if (hasRoom(state)) absorb(state, snapshot)
      else state.pending = state.pending ? fold(state.pending, snapshot) : snapshot
      state.wake?.()
    },
    onError: (error) => end(state, { error }),
    onTimeout: () =>
      end(state, { error: new DinoAiWaitTimeoutError(spec.sessionId, settings.timeoutMs, state.lastRun) }),
  }
}

/** The next queued event, taking in a pending snapshot (and resuming polling) once there is room. */
function take(state: WatchState): WatchEvent | undefined {
  const event = state.queue.shift()
  if (state.pending && state.queue.length < QUEUE_BOUND && !state.ended) {
    const snapshot = state.pending
    state.pending = undefined
    absorb(state, snapshot)
  }
  if (event !== undefined && hasRoom(state) && !state.ended) state.spec.poller.resume()
  return event
}

/**
 * Follows one session as events until it settles; with `steps`, also its steps, start-up checklist
 * and warnings (see WatchEvent). Nothing is read before the first `next()`, and nothing after
 * `return()` (a `break` out of the loop): polling runs only while the watch is iterated, and pauses
 * while its consumer lags. Timeouts, aborts, auth and GraphQL errors are thrown from the loop,
 * after the events before them; a failed run is a `failed` event, not an exception.
 */
export async function* watch(spec: WatchSpec): AsyncGenerator<WatchEvent, void, undefined> {
  const { signal } = spec.settings
  if (signal?.aborted) throw signal.reason
  const state: WatchState = {
    spec,
    queue: [],
    pending: undefined,
    lastRun: undefined,
    ended: false,
    failure: undefined,
    wake: undefined,
    unsubscribe: () => {},
    toEvents: snapshotReader(spec),
  }
  const onAbort = (): void => end(state, { error: signal?.reason })
  signal?.addEventListener('abort', onAbort, { once: true })
  state.unsubscribe = spec.poller.subscribe(subscriberOf(state))
  try {
    for (;;) {
      const event = take(state)
      if (event !== undefined) {
        yield event
        continue
      }
      if (state.failure) throw state.failure.error
      if (state.ended) return
      await new Promise<void>((resolve) => {
        state.wake = resolve
      })
      state.wake = undefined
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    // Also reached on `break`: stop polling for this watcher.
    state.ended = true
    state.unsubscribe()
  }
}
