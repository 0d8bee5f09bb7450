import { createRunTracker, type RunChanges } from './changes.js'
import { type GraphQLErrorEntry, runFailedError } from './errors.js'
import type { WatchEvent } from './events.js'
import type { Poller } from './poller.js'
import { createStepTracker, type PolledRun, type StepChanges, type WatchStepsOptions } from './steps.js'
import { follow, type WaitOptions, type WaitSettings } from './wait.js'
import { partialDataWarning } from './warnings.js'

/** What one snapshot brought, for `snapshotEvents`. */
interface Snapshot {
  run: PolledRun
  changes: RunChanges
  steps: StepChanges
  settled: 'completed' | 'failed' | undefined
  errors: readonly GraphQLErrorEntry[]
  previousStatus: string | undefined
}

/** The events of one snapshot, in the order `WatchEvent` documents. */
function snapshotEvents(sessionId: string, snapshot: Snapshot): WatchEvent[] {
  const { run, changes, steps, settled, errors } = snapshot
  const events: WatchEvent[] = []
  if (changes.status !== undefined) {
    events.push({ type: 'status', status: changes.status, previousStatus: snapshot.previousStatus, run })
  }
  if (errors.length > 0) events.push({ type: 'warning', warning: partialDataWarning(sessionId, errors) })
  if ('steps' in run) {
    if (steps.startupSteps) events.push({ type: 'startup', startupSteps: steps.startupSteps, run })
    for (const step of steps.steps) events.push({ type: 'step', step, run })
  }
  for (const message of changes.messages) events.push({ type: 'message', message, run })
  if (settled === 'completed') events.push({ type: 'completed', run })
  if (settled === 'failed') events.push({ type: 'failed', run, error: runFailedError(run) })
  return events
}

/**
 * Yields the run's events until it settles; with `steps`, also its steps, start-up checklist and
 * warnings (see WatchEvent). Breaking out of the loop unsubscribes from the poller (cancelling the
 * read in flight if nobody else needs it). Timeouts, auth and GraphQL errors are thrown from the
 * loop; a failed run is a `failed` event, not an exception.
 */
export function watch(
  poller: Poller,
  sessionId: string,
  options: WaitOptions,
  settings: WaitSettings,
  steps?: WatchStepsOptions,
): AsyncGenerator<WatchEvent, void, undefined> {
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const tracker = createRunTracker(options.afterTs, options.followUp)
  const stepTracker = createStepTracker()
  const queue = createEventQueue<WatchEvent>()
  let previousStatus: string | undefined
  const done = follow(
    poller,
    sessionId,
    { ...settings, signal },
    tracker,
    {
      onSnapshot(run, changes, settled, errors) {
        const snapshot = { run, changes, steps: stepTracker.update(run), settled, errors, previousStatus }
        if (changes.status !== undefined) previousStatus = changes.status
        for (const event of snapshotEvents(sessionId, snapshot)) {
          if (event.type === 'warning') options.onWarning?.(event.warning)
          queue.push(event)
        }
        if (changes.status !== undefined || changes.messages.length > 0) options.onUpdate?.(run)
        return settled !== undefined
      },
    },
    steps,
  )
  done.then(queue.end, queue.fail)
  return queue.drain(() => {
    // Also reached on `break`: stop polling for this watcher.
    stop.abort(new Error('watchRun: iteration stopped'))
    done.catch(() => {})
  })
}

/** Events pushed by the poller's callbacks, pulled by an async iteration. */
interface EventQueue<Event> {
  push(event: Event): void
  end(): void
  fail(error: unknown): void
  /** Yields pushed events until `end` (return) or `fail` (throw); `cleanup` runs when the loop stops early. */
  drain(cleanup: () => void): AsyncGenerator<Event, void, undefined>
}

function createEventQueue<Event>(): EventQueue<Event> {
  const events: Event[] = []
  let wakeUp: (() => void) | undefined
  let finished = false
  let failure: { error: unknown } | undefined
  const wake = (): void => wakeUp?.()
  return {
    push(event) {
      events.push(event)
      wake()
    },
    end() {
      finished = true
      wake()
    },
    fail(error) {
      failure = { error }
      wake()
    },
    async *drain(cleanup) {
      try {
        for (;;) {
          const event = events.shift()
          if (event !== undefined) {
            yield event
            continue
          }
          if (failure) throw failure.error
          if (finished) return
          await new Promise<void>((resolve) => {
            wakeUp = resolve
          })
          wakeUp = undefined
        }
      } finally {
        if (!finished && !failure) cleanup()
      }
    },
  }
}
