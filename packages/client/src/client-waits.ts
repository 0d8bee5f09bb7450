import type { DinoAiAgentRun } from '@dinoai/operations'
import { newestTs } from './changes.js'
import { type RunTree, waitForTree } from './children.js'
import type { DinoAiClient, EventFor, WatchOptions } from './client.js'
import type { RequestMethods } from './client-requests.js'
import type { Clock } from './clock.js'
import type { RunEvent, WatchEvent } from './events.js'
import { guarded, redactEvents, redactedHandler } from './guard.js'
import type { TranscriptMemory } from './memory.js'
import type { Poller } from './poller.js'
import type { Redactor } from './redact.js'
import { checkSteps } from './steps.js'
import { checkMessage, checkSessionId, type TriggerRunInput } from './validate.js'
import { type WaitOptions, waitForSettledRun, waitSettings } from './wait.js'
import { watch } from './watch.js'

/** What the wait methods are built on. */
export interface WaitContext {
  poller: Poller
  clock: Clock
  memory: TranscriptMemory
  redactor: Redactor
  requests: RequestMethods
}

/** The client methods that poll until something happens. */
export type WaitMethods = Pick<
  DinoAiClient,
  'waitForRun' | 'waitForRunTree' | 'triggerRunAndWait' | 'sendMessageAndWait' | 'watchRun'
>

/** The wait methods; what they throw, yield or report as warnings leaves redacted. */
export function createWaitMethods(context: WaitContext): WaitMethods {
  const { redactor } = context
  function watchRun<Options extends WatchOptions>(
    agentSessionId: string,
    options: Options,
  ): AsyncIterable<EventFor<Options>>
  function watchRun(agentSessionId: string): AsyncIterable<RunEvent>
  function watchRun(agentSessionId: string, options: WatchOptions = {}) {
    return watchEvents(context, agentSessionId, options)
  }
  return {
    waitForRun: guarded((id, options = {}) => waitForRun(context, id, options), redactor),
    waitForRunTree: guarded((id, options = {}) => waitForRunTree(context, id, options), redactor),
    triggerRunAndWait: guarded((input, options = {}) => triggerRunAndWait(context, input, options), redactor),
    sendMessageAndWait: guarded(
      (id, message, options = {}) => sendMessageAndWait(context, id, message, options),
      redactor,
    ),
    watchRun,
  }
}

// Every snapshot a wait reports teaches the memory the newest message; warnings go out redacted.
function prepared<Options extends WaitOptions>({ memory, redactor }: WaitContext, options: Options): Options {
  return {
    ...options,
    onUpdate: (run: DinoAiAgentRun) => {
      memory.remember(run)
      options.onUpdate?.(run)
    },
    onWarning: redactedHandler(options.onWarning, redactor),
  }
}

async function waitForRunTree(
  context: WaitContext,
  agentSessionId: string,
  options: WaitOptions,
): Promise<RunTree> {
  const id = checkSessionId(agentSessionId)
  const settings = waitSettings(options, context.clock)
  const tree = await waitForTree(context.poller, id, prepared(context, options), settings)
  context.memory.remember(tree.run)
  return tree
}

async function waitForRun(
  context: WaitContext,
  agentSessionId: string,
  options: WaitOptions,
): Promise<DinoAiAgentRun> {
  if (options.includeChildren) return (await waitForRunTree(context, agentSessionId, options)).run
  const id = checkSessionId(agentSessionId)
  const settings = waitSettings(options, context.clock)
  return context.memory.remember(
    await waitForSettledRun(context.poller, id, prepared(context, options), settings),
  )
}

async function triggerRunAndWait(
  context: WaitContext,
  input: TriggerRunInput,
  options: WaitOptions,
): Promise<DinoAiAgentRun> {
  waitSettings(options, context.clock)
  // The trigger's warning reaches onWarning (redacted by triggerRun) before the wait starts.
  const { signal, onWarning } = options
  const accepted = await context.requests.triggerRun(input, { signal, onWarning })
  return waitForRun(context, accepted.agentSessionId, options)
}

async function sendMessageAndWait(
  context: WaitContext,
  agentSessionId: string,
  message: string,
  options: WaitOptions,
): Promise<DinoAiAgentRun> {
  const { poller, memory, requests } = context
  const id = checkSessionId(agentSessionId)
  checkMessage(message)
  // This message is the follow-up, whatever the options say.
  const { followUp: _replaced, ...ownOptions } = options
  const settings = waitSettings(ownOptions, context.clock)
  const signalOptions = { signal: options.signal }
  // The reply must be newer than anything before this message. Without a remembered transcript,
  // one read fixes that baseline (an empty transcript gives 0).
  let baseline = options.afterTs ?? memory.newest(id)
  if (baseline === undefined) baseline = newestTs(await requests.getRun(id, signalOptions)) ?? 0
  await requests.sendMessage(id, message, signalOptions)
  const followUpOptions = prepared(context, { ...ownOptions, afterTs: baseline, followUp: message })
  if (options.includeChildren) return (await waitForTree(poller, id, followUpOptions, settings)).run
  return memory.remember(await waitForSettledRun(poller, id, followUpOptions, settings))
}

function watchEvents(
  context: WaitContext,
  agentSessionId: string,
  options: WatchOptions,
): AsyncIterable<WatchEvent> {
  const { redactor } = context
  try {
    const id = checkSessionId(agentSessionId)
    const steps = checkSteps('options.steps', options.steps, false)
    const settings = waitSettings(options, context.clock)
    const followed = steps && { includeToolIo: steps.includeToolIo, maxChars: steps.maxChars }
    return redactEvents(watch(context.poller, id, prepared(context, options), settings, followed), redactor)
  } catch (error) {
    throw redactor.error(error)
  }
}
