import type { DinoAiAgentRun, DinoAiAgentRunWithSteps } from '@dinoai/operations'
import type { AnyVariables, TypedDocumentNode } from '@urql/core'
import { type ConnectionState, type DinoAiConnection, stateOf } from '../connection.js'
import { redactedHandler } from '../errors/guard.js'
import type { AcceptedMessage, AcceptedRun, StopRunResult } from '../results.js'
import { modelFamilyWarning, partialDataWarning } from '../warnings.js'
import { checkSteps, stepsVariables } from '../watch/steps.js'
import * as documents from '../wire/documents.js'
import { ensureAccepted, ensureNamedSession } from '../wire/response.js'
import { documentSpec } from './document.js'
import {
  checkMessage,
  checkModelFamily,
  checkSessionId,
  type TriggerRunInput,
  triggerVariables,
} from './input.js'
import type { GetRunOptions, RequestArgs, RequestOptions, RunFor } from './options.js'

// Each function catches in its own body, so that what it throws leaves redacted and the success
// path pays no extra promise.

// Without a model family, the older document (no modelFamily, no warning), byte-stable.
async function trigger(
  { request }: ConnectionState,
  input: TriggerRunInput,
  signal: AbortSignal | undefined,
): Promise<AcceptedRun> {
  const variables = triggerVariables(input)
  const modelFamily = checkModelFamily(input.modelFamily)
  if (modelFamily === undefined) {
    const { value, facts } = await request(documents.trigger, variables, { signal })
    ensureAccepted(value, value.agentSessionId, facts)
    ensureNamedSession(value.agentSessionId, 'triggerDinoaiAgentRun', facts)
    return { agentSessionId: value.agentSessionId, status: value.status, warning: null }
  }
  const { value, facts } = await request(
    documents.triggerWithModelFamily,
    { ...variables, modelFamily },
    { signal },
  )
  ensureAccepted(value, value.agentSessionId, facts)
  ensureNamedSession(value.agentSessionId, 'triggerDinoaiAgentRun', facts)
  return { agentSessionId: value.agentSessionId, status: value.status, warning: value.warning }
}

/** Starts an agent run. Needs `agent`, `message`, or both; `modelFamily` picks the model family. */
export async function triggerRun(
  connection: DinoAiConnection,
  input: TriggerRunInput,
  options: RequestOptions = {},
): Promise<AcceptedRun> {
  const state = stateOf(connection)
  try {
    const accepted = await trigger(state, input, options.signal)
    if (accepted.warning !== null) {
      const warning = modelFamilyWarning(accepted.agentSessionId, accepted.warning)
      redactedHandler(options.onWarning, state.redactor)?.(warning)
    }
    return accepted
  } catch (error) {
    throw state.redactor.error(error)
  }
}

/** Sends a follow-up message to a session. */
export async function sendMessage(
  connection: DinoAiConnection,
  agentSessionId: string,
  message: string,
  options: RequestOptions = {},
): Promise<AcceptedMessage> {
  const { request, redactor } = stateOf(connection)
  try {
    const variables = { agentSessionId: checkSessionId(agentSessionId), message: checkMessage(message) }
    const { value, facts } = await request(documents.sendMessage, variables, { signal: options.signal })
    ensureAccepted(value, value.agentSessionId, facts)
    ensureNamedSession(value.agentSessionId, 'sendDinoaiAgentMessage', facts)
    return { agentSessionId: value.agentSessionId, status: value.status }
  } catch (error) {
    throw redactor.error(error)
  }
}

async function readRun(
  { request, memory, redactor }: ConnectionState,
  agentSessionId: string,
  options: GetRunOptions,
): Promise<DinoAiAgentRun | DinoAiAgentRunWithSteps> {
  try {
    const id = checkSessionId(agentSessionId)
    const steps = checkSteps('options.steps', options.steps, true)
    const { signal } = options
    if (!steps)
      return memory.remember((await request(documents.readRun, { agentSessionId: id }, { signal })).value)
    // The backend may null the steps and report why beside the data: the run is still worth returning.
    const variables = stepsVariables(id, steps)
    const { value, errors } = await request(documents.readRunWithSteps, variables, { signal, partial: true })
    if (errors.length > 0) redactedHandler(options.onWarning, redactor)?.(partialDataWarning(id, errors))
    return memory.remember(value)
  } catch (error) {
    throw redactor.error(error)
  }
}

/**
 * Reads a run's current state (retrying transient failures). With `steps`, also its steps and
 * start-up checklist; a part the backend could not read comes back null, with a PARTIAL_DATA warning.
 */
export function getRun<Options extends GetRunOptions>(
  connection: DinoAiConnection,
  agentSessionId: string,
  options: Options,
): Promise<RunFor<Options>>
/** Reads a run's current state (retrying transient failures). */
export function getRun(connection: DinoAiConnection, agentSessionId: string): Promise<DinoAiAgentRun>
export function getRun(connection: DinoAiConnection, agentSessionId: string, options: GetRunOptions = {}) {
  return readRun(stateOf(connection), agentSessionId, options)
}

/**
 * Stops a run: a live run becomes STOPPED, a finished one keeps its status. Rejects with
 * DinoAiNotAcceptedError for an unknown session. Newer backends only.
 */
export async function stopRun(
  connection: DinoAiConnection,
  agentSessionId: string,
  options: RequestOptions = {},
): Promise<StopRunResult> {
  const { request, redactor } = stateOf(connection)
  try {
    const id = checkSessionId(agentSessionId)
    const { value, facts } = await request(
      documents.stopRun,
      { agentSessionId: id },
      { signal: options.signal },
    )
    ensureAccepted(value, id, facts)
    return { agentSessionId: id, status: value.status }
  } catch (error) {
    throw redactor.error(error)
  }
}

/**
 * Sends a document of your own (any TypedDocumentNode, e.g. from GraphQL Code Generator or
 * gql.tada) and resolves with its whole `data`, typed by the document. It takes the same path as
 * the other functions: auth, the retry policy of its operation type (a query is retried on safe
 * faults; a mutation only when the server provably never saw it), `signal`, the size cap, answer
 * validation and the typed errors. Any GraphQL error rejects with DinoAiGraphQLError (its `data`
 * holds what came beside it).
 */
export async function request<Data, Variables extends AnyVariables>(
  connection: DinoAiConnection,
  document: TypedDocumentNode<Data, Variables>,
  ...[variables, options = {}]: RequestArgs<Variables>
): Promise<Data> {
  const state = stateOf(connection)
  try {
    const { spec, checked } = documentSpec(document, variables)
    return (await state.request(spec, checked, { signal: options.signal })).value
  } catch (error) {
    throw state.redactor.error(error)
  }
}
