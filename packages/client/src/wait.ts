import type { DinoAiAgentRun } from '@dinoai/operations'
import { createRunTracker, type RunChanges, type RunTracker } from './changes.js'
import type { Clock } from './clock.js'
import {
  DinoAiValidationError,
  DinoAiWaitTimeoutError,
  type GraphQLErrorEntry,
  runFailedError,
} from './errors.js'
import type { Poller, PollSubscriber } from './poller.js'
import type { PolledRun, WatchStepsOptions } from './steps.js'
import { partialDataWarning, type WarningHandler } from './warnings.js'

/** How to wait for a run. */
export interface WaitOptions {
  /** Give up after this long (DinoAiWaitTimeoutError). Default 3 600 000 (1 h). */
  timeoutMs?: number
  /** The longest delay between reads. Default 10 000. */
  pollIntervalMs?: number
  /** The first delay between reads; delays double from here up to pollIntervalMs. Default 1 000. */
  minDelayMs?: number
  /** Fraction of each delay that is randomised (0 to 1). Default 0.2. */
  jitter?: number
  /** Stops the wait, cancels the in-flight read, and rejects with the signal's reason. */
  signal?: AbortSignal
  /** Called with the run on every status change and every new message. */
  onUpdate?: (run: DinoAiAgentRun) => void
  /**
   * Called with each warning that does not end the wait: the trigger's (MODEL_FAMILY, from
   * `triggerRunAndWait` with a model family, before it waits) and a read that came back with
   * errors beside its data (PARTIAL_DATA, e.g. steps the backend could not read).
   */
  onWarning?: WarningHandler | undefined
  /** Also wait for every child session (`childSessionIds`), recursively. */
  includeChildren?: boolean
  /**
   * Treat the run as a follow-up sent after this message ts: older messages are not new, and a
   * terminal status counts only with a non-user message newer than this (until then it is the
   * previous turn's and not reported as a status change). `sendMessageAndWait` sets it.
   */
  afterTs?: number
  /**
   * The follow-up message text; with `afterTs`, the cutoff becomes that message's ts once it
   * appears, so nothing from before the follow-up counts as its reply. Needs `afterTs`.
   * `sendMessageAndWait` sets it to its message.
   */
  followUp?: string
}

/** WaitOptions with defaults applied and the deadline fixed on the monotonic clock. */
export interface WaitSettings {
  timeoutMs: number
  pollIntervalMs: number
  minDelayMs: number
  jitter: number
  deadline: number
  signal: AbortSignal | undefined
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const v = value ?? fallback
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0 || (!allowZero && v === 0)) {
    throw new DinoAiValidationError(
      `waitOptions.${name}`,
      `waitOptions.${name} must be a positive number of milliseconds.`,
    )
  }
  return v
}

/** Applies defaults and checks the options; the deadline starts now. */
export function waitSettings(options: WaitOptions, clock: Clock, deadline?: number): WaitSettings {
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 3_600_000, true)
  const pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs, 10_000)
  const minDelayMs = Math.min(positive('minDelayMs', options.minDelayMs, 1_000), pollIntervalMs)
  const jitter = options.jitter ?? 0.2
  if (!(jitter >= 0 && jitter <= 1)) {
    throw new DinoAiValidationError('waitOptions.jitter', 'waitOptions.jitter must be between 0 and 1.')
  }
  if (options.followUp !== undefined) {
    if (typeof options.followUp !== 'string' || options.followUp === '') {
      throw new DinoAiValidationError(
        'waitOptions.followUp',
        'waitOptions.followUp must be the follow-up message text, a non-empty string.',
      )
    }
    if (options.afterTs === undefined) {
      throw new DinoAiValidationError(
        'waitOptions.followUp',
        'waitOptions.followUp needs waitOptions.afterTs: the newest message ts read before sending the follow-up.',
      )
    }
  }
  return {
    timeoutMs,
    pollIntervalMs,
    minDelayMs,
    jitter,
    deadline: deadline ?? clock.now() + timeoutMs,
    signal: options.signal,
  }
}

/** Callbacks of `follow`: each snapshot with its changes and any errors beside it; return true to stop following. */
export interface FollowHandlers {
  onSnapshot(
    run: PolledRun,
    changes: RunChanges,
    settled: 'completed' | 'failed' | undefined,
    errors: readonly GraphQLErrorEntry[],
  ): boolean
}

/**
 * Subscribes to the shared poller (reading steps too when `steps` is given) until `onSnapshot`
 * says stop, the deadline passes, a non-transient error arrives, or the signal aborts. Resolves
 * with the last snapshot.
 */
export function follow(
  poller: Poller,
  sessionId: string,
  settings: WaitSettings,
  tracker: RunTracker,
  handlers: FollowHandlers,
  steps?: WatchStepsOptions,
): Promise<DinoAiAgentRun> {
  return new Promise<DinoAiAgentRun>((resolve, reject) => {
    const { signal } = settings
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    let lastRun: DinoAiAgentRun | undefined
    let done = false
    const finish = (): boolean => {
      if (done) return false
      done = true
      signal?.removeEventListener('abort', onAbort)
      unsubscribe()
      return true
    }
    const onAbort = (): void => {
      if (finish()) reject(signal?.reason)
    }
    const onRun = (run: PolledRun, errors: readonly GraphQLErrorEntry[]): void => {
      if (done) return
      lastRun = run
      let stop: boolean
      try {
        stop = handlers.onSnapshot(run, tracker.update(run), tracker.settled(run), errors)
      } catch (error) {
        if (finish()) reject(error)
        return
      }
      if (stop && finish()) resolve(run)
    }
    const subscriber: PollSubscriber = {
      sessionId,
      minDelayMs: settings.minDelayMs,
      pollIntervalMs: settings.pollIntervalMs,
      jitter: settings.jitter,
      deadline: settings.deadline,
      steps,
      onRun,
      onError: (error) => {
        if (finish()) reject(error)
      },
      onTimeout: () => {
        if (finish()) reject(new DinoAiWaitTimeoutError(sessionId, settings.timeoutMs, lastRun))
      },
    }
    const unsubscribe = poller.subscribe(subscriber)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Waits until the run settles: resolves on COMPLETED, rejects with DinoAiRunFailedError on FAILED
 * (DinoAiRunExpiredError on EXPIRED, DinoAiRunStoppedError on STOPPED). Unknown statuses keep it polling.
 */
export function waitForSettledRun(
  poller: Poller,
  sessionId: string,
  options: WaitOptions,
  settings: WaitSettings,
): Promise<DinoAiAgentRun> {
  const tracker = createRunTracker(options.afterTs, options.followUp)
  let outcome: 'completed' | 'failed' | undefined
  return follow(poller, sessionId, settings, tracker, {
    onSnapshot(run, changes, settled, errors) {
      if (errors.length > 0) options.onWarning?.(partialDataWarning(sessionId, errors))
      if (changes.status !== undefined || changes.messages.length > 0) options.onUpdate?.(run)
      outcome = settled
      return settled !== undefined
    },
  }).then((run) => {
    if (outcome === 'failed') throw runFailedError(run)
    return run
  })
}
