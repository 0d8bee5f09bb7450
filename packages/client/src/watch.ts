import type { DinoAiAgentMessage, DinoAiAgentRun } from '@dinoai/operations'
import { createRunTracker } from './changes.js'
import { DinoAiRunFailedError } from './errors.js'
import type { Poller } from './poller.js'
import { follow, type WaitOptions, type WaitSettings } from './wait.js'

/**
 * The run's status changed (also emitted for the first status reported). While a follow-up's reply
 * is pending (`afterTs`), a terminal status that does not settle the run is the previous turn's and
 * is not reported: the next `status` event is the run really moving (e.g. RUNNING) or the status
 * that settles it.
 */
export interface RunStatusEvent {
  type: 'status'
  /** The new status; an open string, since the server may add statuses. */
  status: string
  /** The status reported before, undefined for the first `status` event. */
  previousStatus: string | undefined
  run: DinoAiAgentRun
}

/** A message appeared in the transcript; each message is emitted once. */
export interface RunMessageEvent {
  type: 'message'
  message: DinoAiAgentMessage
  run: DinoAiAgentRun
}

/** The run ended COMPLETED; the last event. */
export interface RunCompletedEvent {
  type: 'completed'
  run: DinoAiAgentRun
}

/** The run ended FAILED, EXPIRED or STOPPED; the last event. `error` is what a wait would throw. */
export interface RunFailedEvent {
  type: 'failed'
  run: DinoAiAgentRun
  error: DinoAiRunFailedError
}

/**
 * What `watchRun` yields. Per snapshot, in this order: a `status` event if the status changed,
 * one `message` event per new message (transcript order), then `completed` or `failed` once the
 * run has settled, which ends the iteration.
 */
export type RunEvent = RunStatusEvent | RunMessageEvent | RunCompletedEvent | RunFailedEvent

/**
 * Yields the run's events until it settles. Breaking out of the loop unsubscribes from the poller
 * (cancelling the read in flight if nobody else needs it). Timeouts, auth and GraphQL errors are
 * thrown from the loop; a failed run is a `failed` event, not an exception.
 */
export async function* watch(
  poller: Poller,
  sessionId: string,
  options: WaitOptions,
  settings: WaitSettings,
): AsyncGenerator<RunEvent, void, undefined> {
  const queue: RunEvent[] = []
  let wakeUp: (() => void) | undefined
  let finished = false
  let failure: { error: unknown } | undefined
  let previousStatus: string | undefined
  const stop = new AbortController()
  const signals = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const tracker = createRunTracker(options.afterTs, options.followUp)

  const done = follow(poller, sessionId, { ...settings, signal: signals }, tracker, {
    onSnapshot(run, changes, settled) {
      if (changes.status !== undefined) {
        queue.push({ type: 'status', status: changes.status, previousStatus, run })
        previousStatus = changes.status
      }
      for (const message of changes.messages) queue.push({ type: 'message', message, run })
      if (changes.status !== undefined || changes.messages.length > 0) options.onUpdate?.(run)
      if (settled === 'completed') queue.push({ type: 'completed', run })
      if (settled === 'failed') queue.push({ type: 'failed', run, error: new DinoAiRunFailedError(run) })
      wakeUp?.()
      return settled !== undefined
    },
  })
  done.then(
    () => {
      finished = true
      wakeUp?.()
    },
    (error: unknown) => {
      failure = { error }
      wakeUp?.()
    },
  )

  try {
    for (;;) {
      const event = queue.shift()
      if (event) {
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
    // Also reached on `break`: stop polling for this watcher.
    if (!finished && !failure) stop.abort(new Error('watchRun: iteration stopped'))
    done.catch(() => {})
  }
}
