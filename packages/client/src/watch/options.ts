import type { DinoAiAgentRun } from '@dinoai/operations'
import { DinoAiValidationError } from '../errors/errors.js'
import type { WarningHandler } from '../warnings.js'

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

/** WaitOptions with defaults applied. */
export interface WaitSettings {
  timeoutMs: number
  pollIntervalMs: number
  minDelayMs: number
  jitter: number
  /**
   * A deadline on the monotonic clock shared by several waits (a run tree's); without one, each
   * wait's timeout starts when it starts polling.
   */
  deadline?: number | undefined
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

/** Applies defaults and checks the options, before anything is sent. */
export function waitSettings(options: WaitOptions): WaitSettings {
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
    signal: options.signal,
  }
}
