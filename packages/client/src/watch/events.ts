import type {
  DinoAiAgentMessage,
  DinoAiAgentRun,
  DinoAiAgentRunWithSteps,
  DinoAiAgentStartupStep,
  DinoAiAgentStep,
} from '@dinoai/operations'
import type { DinoAiRunFailedError } from '../errors/errors.js'
import type { DinoAiWarning } from '../warnings.js'

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

/**
 * The run ended FAILED, EXPIRED or STOPPED; the last event. `error` is what a wait would throw
 * (DinoAiRunExpiredError for EXPIRED, DinoAiRunStoppedError for STOPPED).
 */
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
 * A step appeared (`watchRun` with `steps`): each step once, by increasing `index`. `run` is the
 * snapshot it came with, whose `steps` hold only the steps that read returned.
 */
export interface RunStepEvent {
  type: 'step'
  step: DinoAiAgentStep
  run: DinoAiAgentRunWithSteps
}

/** The agent pod's start-up checklist changed (`watchRun` with `steps`); also emitted for the first one. */
export interface RunStartupEvent {
  type: 'startup'
  startupSteps: DinoAiAgentStartupStep[]
  run: DinoAiAgentRunWithSteps
}

/** Something the watcher should know that does not end the watch, e.g. steps the backend could not read. */
export interface RunWarningEvent {
  type: 'warning'
  warning: DinoAiWarning
}

/**
 * What `watchRun(id, { steps })` yields: every RunEvent, plus `step`, `startup` and `warning`
 * events. Per snapshot: `status`, `warning`, `startup`, `step` events, `message` events, then
 * `completed` or `failed`.
 */
export type WatchEvent = RunEvent | RunStepEvent | RunStartupEvent | RunWarningEvent
