import type { DinoAiAgentRun } from '@dinoai/operations'
import { type ConnectionState, type DinoAiConnection, stateOf } from '../connection.js'
import { guarded, redactEvents, redactedHandler } from '../errors/guard.js'
import { createPoller, type Poller } from '../poll/poller.js'
import type { AcceptedMessage } from '../results.js'
import { waitForSettledRun } from '../watch/acceptors.js'
import { type RunTree, waitForTree } from '../watch/children.js'
import type { RunEvent, WatchEvent } from '../watch/events.js'
import { type WaitOptions, type WaitSettings, waitSettings } from '../watch/options.js'
import { checkSteps, type WatchStepsOptions } from '../watch/steps.js'
import { newestTs } from '../watch/tracker.js'
import { type WatchSpec, watch } from '../watch/watch.js'
import { checkMessage, checkSessionId, type TriggerRunInput } from './input.js'
import type { EventFor, FollowUpEvents, FollowUpWatchOptions, WatchOptions } from './options.js'
import { getRun, sendMessage, triggerRun } from './requests.js'

/** The connection's shared poller, made by the first wait or watch. */
function pollerOf(state: ConnectionState): Poller {
  const { transport, config } = state
  state.poller ??= createPoller(transport, config.clock, config.retry, config.maxBatchSize)
  return state.poller
}

// Every snapshot a wait reports teaches the memory the newest message; warnings go out redacted.
function prepared<Options extends WaitOptions>(
  { memory, redactor }: ConnectionState,
  options: Options,
): Options {
  return {
    ...options,
    onUpdate: (run: DinoAiAgentRun) => {
      memory.remember(run)
      options.onUpdate?.(run)
    },
    onWarning: redactedHandler(options.onWarning, redactor),
  }
}

function specOf(
  state: ConnectionState,
  sessionId: string,
  options: WaitOptions,
  settings: WaitSettings,
  steps?: WatchStepsOptions,
): WatchSpec {
  const poller = pollerOf(state)
  return { poller, clock: state.config.clock, sessionId, options: prepared(state, options), settings, steps }
}

async function treeOf(
  state: ConnectionState,
  agentSessionId: string,
  options: WaitOptions,
): Promise<RunTree> {
  const id = checkSessionId(agentSessionId)
  const settings = waitSettings(options)
  const tree = await waitForTree(
    { poller: pollerOf(state), clock: state.config.clock },
    id,
    prepared(state, options),
    settings,
  )
  state.memory.remember(tree.run)
  return tree
}

async function settledRun(state: ConnectionState, agentSessionId: string, options: WaitOptions) {
  if (options.includeChildren) return (await treeOf(state, agentSessionId, options)).run
  const id = checkSessionId(agentSessionId)
  return state.memory.remember(await waitForSettledRun(specOf(state, id, options, waitSettings(options))))
}

/** waitForRun for the run and all its child sessions, recursively, returning the whole tree. */
export function waitForRunTree(
  connection: DinoAiConnection,
  agentSessionId: string,
  options: WaitOptions = {},
): Promise<RunTree> {
  const state = stateOf(connection)
  return guarded(() => treeOf(state, agentSessionId, options), state.redactor)()
}

/**
 * Polls until the run settles: resolves on COMPLETED, rejects with DinoAiRunFailedError otherwise
 * (DinoAiRunStoppedError on STOPPED, DinoAiRunExpiredError on EXPIRED).
 */
export function waitForRun(
  connection: DinoAiConnection,
  agentSessionId: string,
  options: WaitOptions = {},
): Promise<DinoAiAgentRun> {
  const state = stateOf(connection)
  return guarded(() => settledRun(state, agentSessionId, options), state.redactor)()
}

/** triggerRun (its warning goes to `onWarning`), then waitForRun. */
export function triggerRunAndWait(
  connection: DinoAiConnection,
  input: TriggerRunInput,
  options: WaitOptions = {},
): Promise<DinoAiAgentRun> {
  const state = stateOf(connection)
  return guarded(async () => {
    waitSettings(options)
    // The trigger's warning reaches onWarning (redacted by triggerRun) before the wait starts.
    const { signal, onWarning } = options
    const accepted = await triggerRun(connection, input, { signal, onWarning })
    return settledRun(state, accepted.agentSessionId, options)
  }, state.redactor)()
}

/**
 * Sends the follow-up and returns the options that make a wait or a watch take only its reply:
 * `afterTs`, the newest message ts from before it (one read fixes it when the client remembers no
 * transcript of the session), and `followUp`, its text.
 */
async function sendFollowUp<Options extends WaitOptions>(
  connection: DinoAiConnection,
  agentSessionId: string,
  message: string,
  options: Options,
): Promise<{ accepted: AcceptedMessage; followUp: Options }> {
  const { memory } = stateOf(connection)
  const id = checkSessionId(agentSessionId)
  checkMessage(message)
  // This message is the follow-up, whatever the options say.
  const { followUp: _replaced, ...ownOptions }: WaitOptions = options
  waitSettings(ownOptions)
  const signalOptions = { signal: options.signal }
  let baseline = options.afterTs ?? memory.newest(id)
  if (baseline === undefined) baseline = newestTs(await getRun(connection, id, signalOptions)) ?? 0
  const accepted = await sendMessage(connection, id, message, signalOptions)
  return { accepted, followUp: { ...options, afterTs: baseline, followUp: message } }
}

/** sendMessage, then waits for the reply to this message (never the previous turn's answer). */
export function sendMessageAndWait(
  connection: DinoAiConnection,
  agentSessionId: string,
  message: string,
  options: WaitOptions = {},
): Promise<DinoAiAgentRun> {
  const state = stateOf(connection)
  return guarded(async () => {
    const { followUp } = await sendFollowUp(connection, agentSessionId, message, options)
    return settledRun(state, agentSessionId, followUp)
  }, state.redactor)()
}

function watchEvents(
  state: ConnectionState,
  agentSessionId: string,
  options: WatchOptions,
): AsyncIterable<WatchEvent> {
  try {
    const id = checkSessionId(agentSessionId)
    const steps = checkSteps('options.steps', options.steps, false)
    const settings = waitSettings(options)
    const followed = steps && { includeToolIo: steps.includeToolIo, maxChars: steps.maxChars }
    return redactEvents(watch(specOf(state, id, options, settings, followed)), state.redactor)
  } catch (error) {
    throw state.redactor.error(error)
  }
}

/**
 * Yields status changes and new messages until the run settles; with `steps`, also steps, the
 * checklist and warnings. Nothing is read until the loop asks for the first event, nothing after it
 * stops, and polling pauses while the loop lags behind.
 */
export function watchRun<Options extends WatchOptions>(
  connection: DinoAiConnection,
  agentSessionId: string,
  options: Options,
): AsyncIterable<EventFor<Options>>
/** Yields status changes and new messages until the run settles. */
export function watchRun(connection: DinoAiConnection, agentSessionId: string): AsyncIterable<RunEvent>
export function watchRun(connection: DinoAiConnection, agentSessionId: string, options: WatchOptions = {}) {
  return watchEvents(stateOf(connection), agentSessionId, options)
}

/**
 * sendMessage, then a watch of the reply to this message (never the previous turn's events):
 * resolves once the message was accepted, with the events `watchRun` would yield for the reply
 * and, as `accepted`, what the API said when it took the message.
 */
export function sendMessageAndWatch<Options extends FollowUpWatchOptions>(
  connection: DinoAiConnection,
  agentSessionId: string,
  message: string,
  options: Options,
): Promise<FollowUpEvents<EventFor<Options>>>
/** sendMessage, then a watch of the reply to this message. */
export function sendMessageAndWatch(
  connection: DinoAiConnection,
  agentSessionId: string,
  message: string,
): Promise<FollowUpEvents<RunEvent>>
export async function sendMessageAndWatch(
  connection: DinoAiConnection,
  agentSessionId: string,
  message: string,
  options: FollowUpWatchOptions = {},
) {
  const state = stateOf(connection)
  try {
    const { accepted, followUp } = await sendFollowUp(connection, agentSessionId, message, options)
    return Object.assign(watchEvents(state, agentSessionId, followUp), { accepted })
  } catch (error) {
    throw state.redactor.error(error)
  }
}
