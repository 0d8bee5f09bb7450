import type { DinoAiAgentRun, DinoAiAgentRunWithSteps } from '@dinoai/operations'
import type { AnyVariables, TypedDocumentNode } from '@urql/core'
import type { RunTree } from './children.js'
import { createRequestMethods } from './client-requests.js'
import { createWaitMethods } from './client-waits.js'
import { type DinoAiClientOptions, resolveConfig } from './config.js'
import type { RunEvent, WatchEvent } from './events.js'
import { createTranscriptMemory } from './memory.js'
import { createPoller } from './poller.js'
import { createRedactor } from './redact.js'
import { createRequester } from './request.js'
import type { AcceptedMessage, AcceptedRun, StopRunResult } from './results.js'
import type { StepsOptions, WatchStepsOptions } from './steps.js'
import { createTransport } from './transport.js'
import type { TriggerRunInput } from './validate.js'
import type { WaitOptions } from './wait.js'
import type { WarningHandler } from './warnings.js'

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

/** The DinoAI agents client. Every method validates its input before sending anything. */
export interface DinoAiClient {
  /** Starts an agent run. Needs `agent`, `message`, or both; `modelFamily` picks the model family. */
  triggerRun(input: TriggerRunInput, options?: RequestOptions): Promise<AcceptedRun>
  /** Sends a follow-up message to a session. */
  sendMessage(agentSessionId: string, message: string, options?: RequestOptions): Promise<AcceptedMessage>
  /**
   * Reads a run's current state (retrying transient failures). With `steps`, also its steps and
   * start-up checklist; a part the backend could not read comes back null, with a PARTIAL_DATA warning.
   */
  getRun<Options extends GetRunOptions>(agentSessionId: string, options: Options): Promise<RunFor<Options>>
  /** Reads a run's current state (retrying transient failures). */
  getRun(agentSessionId: string): Promise<DinoAiAgentRun>
  /**
   * Stops a run: a live run becomes STOPPED, a finished one keeps its status. Rejects with
   * DinoAiNotAcceptedError for an unknown session. Newer backends only.
   */
  stopRun(agentSessionId: string, options?: RequestOptions): Promise<StopRunResult>
  /**
   * Polls until the run settles: resolves on COMPLETED, rejects with DinoAiRunFailedError otherwise
   * (DinoAiRunStoppedError on STOPPED, DinoAiRunExpiredError on EXPIRED).
   */
  waitForRun(agentSessionId: string, options?: WaitOptions): Promise<DinoAiAgentRun>
  /** waitForRun for the run and all its child sessions, recursively, returning the whole tree. */
  waitForRunTree(agentSessionId: string, options?: WaitOptions): Promise<RunTree>
  /** triggerRun (its warning goes to `onWarning`), then waitForRun. */
  triggerRunAndWait(input: TriggerRunInput, options?: WaitOptions): Promise<DinoAiAgentRun>
  /** sendMessage, then waits for the reply to this message (never the previous turn's answer). */
  sendMessageAndWait(agentSessionId: string, message: string, options?: WaitOptions): Promise<DinoAiAgentRun>
  /** Yields status changes and new messages until the run settles; with `steps`, also steps, the checklist and warnings. */
  watchRun<Options extends WatchOptions>(
    agentSessionId: string,
    options: Options,
  ): AsyncIterable<EventFor<Options>>
  /** Yields status changes and new messages until the run settles. */
  watchRun(agentSessionId: string): AsyncIterable<RunEvent>
  /**
   * Sends a document of your own (any TypedDocumentNode, e.g. from GraphQL Code Generator or
   * gql.tada) and resolves with its whole `data`, typed by the document. It takes the same path as
   * the methods above: auth, the retry policy of its operation type (a query is retried on safe
   * faults; a mutation only when the server provably never saw it), `signal`, the size cap, answer
   * validation and the typed errors. Any GraphQL error rejects with DinoAiGraphQLError (its `data`
   * holds what came beside it).
   */
  request<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    ...args: RequestArgs<Variables>
  ): Promise<Data>
}

/**
 * Creates a client. With no options, it reads PARADIME_API_ENDPOINT, PARADIME_API_KEY,
 * PARADIME_API_SECRET and PARADIME_WORKSPACE_UID. Throws DinoAiValidationError for a bad endpoint
 * or missing credentials, before any request.
 */
export function createDinoAiClient(options: DinoAiClientOptions = {}): DinoAiClient {
  const config = resolveConfig(options)
  const transport = createTransport(config)
  const poller = createPoller(transport, config.clock, config.retry, config.maxBatchSize)
  const memory = createTranscriptMemory()
  const redactor = createRedactor(config.secrets)
  const requests = createRequestMethods({ request: createRequester(transport, config), memory, redactor })
  const waits = createWaitMethods({ poller, clock: config.clock, memory, redactor, requests })
  return { ...requests, ...waits }
}
