import type { DinoAiAgentRun } from '@dinoai/operations'
import type { AnyVariables, TypedDocumentNode } from '@urql/core'
import type { DinoAiClientOptions } from './config/options.js'
import { createDinoAiConnection, type DinoAiConnection, shareConnection } from './connection.js'
import type { AcceptedMessage, AcceptedRun, StopRunResult } from './results.js'
import type { TriggerRunInput } from './verbs/input.js'
import type {
  EventFor,
  FollowUpEvents,
  FollowUpWatchOptions,
  GetRunOptions,
  RequestArgs,
  RequestOptions,
  RunFor,
  WatchOptions,
} from './verbs/options.js'
import { getRun, request, sendMessage, stopRun, triggerRun } from './verbs/requests.js'
import {
  sendMessageAndWait,
  sendMessageAndWatch,
  triggerRunAndWait,
  waitForRun,
  waitForRunTree,
  watchRun,
} from './verbs/waits.js'
import type { RunTree } from './watch/children.js'
import type { RunEvent } from './watch/events.js'
import type { WaitOptions } from './watch/options.js'

/**
 * The DinoAI agents client: every function of this package as a method, on one connection. Every
 * method validates its input before sending anything. It is a DinoAiConnection too, so the
 * standalone functions take it as well.
 */
export interface DinoAiClient extends DinoAiConnection {
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
  /**
   * sendMessage, then a watch of the reply to this message (never the previous turn's events):
   * resolves once the message was accepted.
   */
  sendMessageAndWatch<Options extends FollowUpWatchOptions>(
    agentSessionId: string,
    message: string,
    options: Options,
  ): Promise<FollowUpEvents<EventFor<Options>>>
  /** sendMessage, then a watch of the reply to this message. */
  sendMessageAndWatch(agentSessionId: string, message: string): Promise<FollowUpEvents<RunEvent>>
  /**
   * Yields status changes and new messages until the run settles; with `steps`, also steps, the
   * checklist and warnings. Polls only while the loop runs, and pauses while it lags.
   */
  watchRun<Options extends WatchOptions>(
    agentSessionId: string,
    options: Options,
  ): AsyncIterable<EventFor<Options>>
  /** Yields status changes and new messages until the run settles. */
  watchRun(agentSessionId: string): AsyncIterable<RunEvent>
  /**
   * Sends a document of your own (any TypedDocumentNode, e.g. from GraphQL Code Generator or
   * gql.tada) and resolves with its whole `data`, typed by the document, through the same path as
   * the methods above: auth, the retry policy of its operation type (a query is retried on safe
   * faults; a mutation only when the server provably never saw it), `signal`, the size cap, answer
   * validation and the typed errors.
   */
  request<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    ...args: RequestArgs<Variables>
  ): Promise<Data>
}

/**
 * Creates a client: a connection with every function as a method. With no options, it reads
 * PARADIME_API_ENDPOINT, PARADIME_API_KEY, PARADIME_API_SECRET and PARADIME_WORKSPACE_UID. Throws
 * DinoAiValidationError for a bad endpoint or missing credentials, before any request. An app
 * that needs only a few functions and cares for its bundle imports them with
 * `createDinoAiConnection` instead: the client object brings them all.
 */
export function createDinoAiClient(options: DinoAiClientOptions = {}): DinoAiClient {
  const c = createDinoAiConnection(options)
  // The overloaded methods, as functions: an arrow function cannot carry overloads.
  function watchRunMethod<Options extends WatchOptions>(
    id: string,
    watchOptions: Options,
  ): AsyncIterable<EventFor<Options>>
  function watchRunMethod(id: string): AsyncIterable<RunEvent>
  function watchRunMethod(id: string, watchOptions: WatchOptions = {}) {
    return watchRun(c, id, watchOptions)
  }
  function sendMessageAndWatchMethod<Options extends FollowUpWatchOptions>(
    id: string,
    message: string,
    watchOptions: Options,
  ): Promise<FollowUpEvents<EventFor<Options>>>
  function sendMessageAndWatchMethod(id: string, message: string): Promise<FollowUpEvents<RunEvent>>
  function sendMessageAndWatchMethod(id: string, message: string, watchOptions: FollowUpWatchOptions = {}) {
    return sendMessageAndWatch(c, id, message, watchOptions)
  }
  const client: DinoAiClient = {
    endpoint: c.endpoint,
    triggerRun: (input, requestOptions) => triggerRun(c, input, requestOptions),
    sendMessage: (id, message, requestOptions) => sendMessage(c, id, message, requestOptions),
    getRun: (id: string, getRunOptions?: GetRunOptions) => getRun(c, id, getRunOptions ?? {}),
    stopRun: (id, requestOptions) => stopRun(c, id, requestOptions),
    waitForRun: (id, waitOptions) => waitForRun(c, id, waitOptions),
    waitForRunTree: (id, waitOptions) => waitForRunTree(c, id, waitOptions),
    triggerRunAndWait: (input, waitOptions) => triggerRunAndWait(c, input, waitOptions),
    sendMessageAndWait: (id, message, waitOptions) => sendMessageAndWait(c, id, message, waitOptions),
    sendMessageAndWatch: sendMessageAndWatchMethod,
    watchRun: watchRunMethod,
    request: (document, ...args) => request(c, document, ...args),
  }
  return shareConnection(client, c)
}
