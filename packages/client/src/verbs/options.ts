import type { DinoAiAgentRun, DinoAiAgentRunWithSteps } from '@dinoai/operations'
import type { AcceptedMessage } from '../results.js'
import type { WarningHandler } from '../warnings.js'
import type { RunEvent, WatchEvent } from '../watch/events.js'
import type { WaitOptions } from '../watch/options.js'
import type { StepsOptions, WatchStepsOptions } from '../watch/steps.js'

/** Per-call options of the request methods. */
export interface RequestOptions {
  /** Cancels the request (and its retries) and rejects with the signal's reason. */
  signal?: AbortSignal | undefined
  /**
   * Called with each warning that does not fail the call: the trigger's (MODEL_FAMILY) and a read
   * that came back with errors beside its data (PARTIAL_DATA). Secrets in it are redacted.
   */
  onWarning?: WarningHandler | undefined
}

/** Options of `getRun`: RequestOptions, and `steps` to read the run's steps and start-up checklist too. */
export interface GetRunOptions extends RequestOptions {
  /**
   * `true` or StepsOptions: read with the newer document, which adds `steps` and `startupSteps`
   * (newer backends only). Omitted or false: the older document.
   */
  steps?: boolean | StepsOptions | undefined
}

/** Options of `watchRun`: WaitOptions, and `steps` to follow the run's steps and start-up checklist too. */
export interface WatchOptions extends WaitOptions {
  /**
   * `true` or WatchStepsOptions: also yield `step`, `startup` and `warning` events, reading with the
   * newer document (newer backends only). Omitted or false: only the older documents are sent.
   */
  steps?: boolean | WatchStepsOptions | undefined
}

/** Options of `sendMessageAndWatch`: WatchOptions without `afterTs` and `followUp`, which it sets itself. */
export type FollowUpWatchOptions = Omit<WatchOptions, 'afterTs' | 'followUp'>

/** What `sendMessageAndWatch` resolves with: the reply's events, and what the API said when it took the message. */
export type FollowUpEvents<Event> = AsyncIterable<Event> & { readonly accepted: AcceptedMessage }

/** What `getRun` resolves with for these options: the run with its steps when `steps` asks for them. */
export type RunFor<Options> = Options extends { steps: true | StepsOptions }
  ? DinoAiAgentRunWithSteps
  : DinoAiAgentRun

/**
 * What `watchRun` yields for these options: RunEvent when `steps` is absent, false or undefined;
 * WatchEvent when it may ask for steps.
 */
export type EventFor<Options> = Options extends { steps?: infer Steps }
  ? [Steps] extends [false | undefined]
    ? RunEvent
    : unknown extends Steps
      ? RunEvent
      : WatchEvent
  : RunEvent

/**
 * What `request` takes after the document: its variables (optional when the document needs none,
 * required and typed by the document otherwise) and per-call options.
 */
// `Record<never, never>` is the empty object type: it extends Variables when no variable is required.
export type RequestArgs<Variables> =
  Record<never, never> extends Variables
    ? [variables?: Variables, options?: RequestOptions]
    : [variables: Variables, options?: RequestOptions]
