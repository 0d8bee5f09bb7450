import type { DinoAiAgentRun, DinoAiAgentRunWithSteps } from '@dinoai/operations'
import type { AnyVariables, TypedDocumentNode } from '@urql/core'
import type { DinoAiClient, GetRunOptions, RequestOptions, RunFor } from './client.js'
import { documentSpec } from './document.js'
import { redactedHandler } from './guard.js'
import type { TranscriptMemory } from './memory.js'
import * as operations from './operations.js'
import type { Redactor } from './redact.js'
import { ensureAccepted, ensureNamedSession, type Requester } from './request.js'
import type { AcceptedMessage, AcceptedRun, StopRunResult } from './results.js'
import { checkSteps, stepsVariables } from './steps.js'
import {
  checkMessage,
  checkModelFamily,
  checkSessionId,
  type TriggerRunInput,
  triggerVariables,
} from './validate.js'
import { modelFamilyWarning, partialDataWarning } from './warnings.js'

/** What the request methods are built on. */
export interface RequestContext {
  request: Requester
  memory: TranscriptMemory
  redactor: Redactor
}

/** The client methods that send one operation each. */
export type RequestMethods = Pick<
  DinoAiClient,
  'triggerRun' | 'sendMessage' | 'getRun' | 'stopRun' | 'request'
>

/**
 * The request methods. Each catches in its own body, so that what it throws leaves redacted and
 * the success path pays no extra promise.
 */
export function createRequestMethods(context: RequestContext): RequestMethods {
  function getRun<Options extends GetRunOptions>(
    agentSessionId: string,
    options: Options,
  ): Promise<RunFor<Options>>
  function getRun(agentSessionId: string): Promise<DinoAiAgentRun>
  function getRun(agentSessionId: string, options: GetRunOptions = {}) {
    return readRun(context, agentSessionId, options)
  }
  return {
    triggerRun: (input, options = {}) => triggerRun(context, input, options),
    sendMessage: (agentSessionId, message, options = {}) =>
      sendMessage(context, agentSessionId, message, options),
    getRun,
    stopRun: (agentSessionId, options = {}) => stopRun(context, agentSessionId, options),
    request: (document, ...[variables, options = {}]) => sendDocument(context, document, variables, options),
  }
}

// An app's own document: the same requester (retry policy by its operation type, validation,
// errors) as the verbs above, and its whole `data` as the answer.
async function sendDocument<Data, Variables extends AnyVariables>(
  { request, redactor }: RequestContext,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables | undefined,
  options: RequestOptions,
): Promise<Data> {
  try {
    const { spec, checked } = documentSpec(document, variables)
    return (await request(spec, checked, { signal: options.signal })).value
  } catch (error) {
    throw redactor.error(error)
  }
}

// Without a model family, the older document (no modelFamily, no warning), byte-stable.
async function trigger(
  { request }: RequestContext,
  input: TriggerRunInput,
  signal: AbortSignal | undefined,
): Promise<AcceptedRun> {
  const variables = triggerVariables(input)
  const modelFamily = checkModelFamily(input.modelFamily)
  if (modelFamily === undefined) {
    const { value, facts } = await request(operations.trigger, variables, { signal })
    ensureAccepted(value, value.agentSessionId, facts)
    ensureNamedSession(value.agentSessionId, 'triggerDinoaiAgentRun', facts)
    return { agentSessionId: value.agentSessionId, status: value.status, warning: null }
  }
  const { value, facts } = await request(
    operations.triggerWithModelFamily,
    { ...variables, modelFamily },
    { signal },
  )
  ensureAccepted(value, value.agentSessionId, facts)
  ensureNamedSession(value.agentSessionId, 'triggerDinoaiAgentRun', facts)
  return { agentSessionId: value.agentSessionId, status: value.status, warning: value.warning }
}

async function triggerRun(
  context: RequestContext,
  input: TriggerRunInput,
  options: RequestOptions,
): Promise<AcceptedRun> {
  const { redactor } = context
  try {
    const accepted = await trigger(context, input, options.signal)
    if (accepted.warning !== null) {
      redactedHandler(
        options.onWarning,
        redactor,
      )?.(modelFamilyWarning(accepted.agentSessionId, accepted.warning))
    }
    return accepted
  } catch (error) {
    throw redactor.error(error)
  }
}

async function sendMessage(
  { request, redactor }: RequestContext,
  agentSessionId: string,
  message: string,
  options: RequestOptions,
): Promise<AcceptedMessage> {
  try {
    const variables = { agentSessionId: checkSessionId(agentSessionId), message: checkMessage(message) }
    const { value, facts } = await request(operations.sendMessage, variables, { signal: options.signal })
    ensureAccepted(value, value.agentSessionId, facts)
    ensureNamedSession(value.agentSessionId, 'sendDinoaiAgentMessage', facts)
    return { agentSessionId: value.agentSessionId, status: value.status }
  } catch (error) {
    throw redactor.error(error)
  }
}

async function readRun(
  { request, memory, redactor }: RequestContext,
  agentSessionId: string,
  options: GetRunOptions,
): Promise<DinoAiAgentRun | DinoAiAgentRunWithSteps> {
  try {
    const id = checkSessionId(agentSessionId)
    const steps = checkSteps('options.steps', options.steps, true)
    const { signal } = options
    if (!steps)
      return memory.remember((await request(operations.readRun, { agentSessionId: id }, { signal })).value)
    // The backend may null the steps and report why beside the data: the run is still worth returning.
    const variables = stepsVariables(id, steps)
    const { value, errors } = await request(operations.readRunWithSteps, variables, { signal, partial: true })
    if (errors.length > 0) redactedHandler(options.onWarning, redactor)?.(partialDataWarning(id, errors))
    return memory.remember(value)
  } catch (error) {
    throw redactor.error(error)
  }
}

async function stopRun(
  { request, redactor }: RequestContext,
  agentSessionId: string,
  options: RequestOptions,
): Promise<StopRunResult> {
  try {
    const id = checkSessionId(agentSessionId)
    const { value, facts } = await request(
      operations.stopRun,
      { agentSessionId: id },
      { signal: options.signal },
    )
    ensureAccepted(value, id, facts)
    return { agentSessionId: id, status: value.status }
  } catch (error) {
    throw redactor.error(error)
  }
}
