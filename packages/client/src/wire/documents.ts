import {
  DinoAiAgentRunOperation,
  type DinoAiAgentRunQuery,
  type DinoAiAgentRunQueryVariables,
  DinoAiAgentRunWithStepsOperation,
  type DinoAiAgentRunWithStepsQuery,
  type DinoAiAgentRunWithStepsQueryVariables,
  type SendDinoAiAgentMessageMutation,
  type SendDinoAiAgentMessageMutationVariables,
  SendDinoAiAgentMessageOperation,
  type StopDinoAiAgentRunMutation,
  type StopDinoAiAgentRunMutationVariables,
  StopDinoAiAgentRunOperation,
  type TriggerDinoAiAgentRunMutation,
  type TriggerDinoAiAgentRunMutationVariables,
  TriggerDinoAiAgentRunOperation,
  type TriggerDinoAiAgentRunWithModelFamilyMutation,
  type TriggerDinoAiAgentRunWithModelFamilyMutationVariables,
  TriggerDinoAiAgentRunWithModelFamilyOperation,
  type TypedOperation,
} from '@dinoai/operations'
import type { AnyVariables } from '@urql/core'
import type { Outgoing } from './outgoing.js'

/**
 * One operation to send, and the field of its answer that the client is about (`pick`, a typed
 * function, so a field renamed in the schema fails to compile here). The retry policy follows the
 * operation's kind.
 */
export interface OperationSpec<Data, Variables extends AnyVariables, Field> {
  readonly operation: Outgoing<Data, Variables>
  readonly pick: (data: Data) => Field
  /** For documents only newer backends know: the option that sent it, named in the error an older backend causes. */
  readonly newer?: string | undefined
}

/** The spec of one of our operations (generated, with its text) whose answer's one top-level field is `Data[Key]`. */
type SpecOf<Data, Variables extends AnyVariables, Key extends keyof Data> = OperationSpec<
  Data,
  Variables,
  Data[Key]
> & { readonly operation: TypedOperation<Data, Variables> }

// Plain object literals, so that a bundler drops the ones an app never sends.

/** Starts a run: the older document, byte-stable, for callers who give no model family. */
export const trigger: SpecOf<
  TriggerDinoAiAgentRunMutation,
  TriggerDinoAiAgentRunMutationVariables,
  'triggerDinoaiAgentRun'
> = { operation: TriggerDinoAiAgentRunOperation, pick: (data) => data.triggerDinoaiAgentRun }

/** Starts a run on a model family; the answer may carry a `warning`. Newer backends only. */
export const triggerWithModelFamily: SpecOf<
  TriggerDinoAiAgentRunWithModelFamilyMutation,
  TriggerDinoAiAgentRunWithModelFamilyMutationVariables,
  'triggerDinoaiAgentRun'
> = {
  operation: TriggerDinoAiAgentRunWithModelFamilyOperation,
  pick: (data) => data.triggerDinoaiAgentRun,
  newer: 'triggerRun with modelFamily',
}

/** Sends a follow-up message. */
export const sendMessage: SpecOf<
  SendDinoAiAgentMessageMutation,
  SendDinoAiAgentMessageMutationVariables,
  'sendDinoaiAgentMessage'
> = { operation: SendDinoAiAgentMessageOperation, pick: (data) => data.sendDinoaiAgentMessage }

/** Reads a run: the older document, also the poller's read of one session. */
export const readRun: SpecOf<DinoAiAgentRunQuery, DinoAiAgentRunQueryVariables, 'dinoaiAgentRun'> = {
  operation: DinoAiAgentRunOperation,
  pick: (data) => data.dinoaiAgentRun,
}

/** Reads a run with its steps and start-up checklist. Newer backends only. */
export const readRunWithSteps: SpecOf<
  DinoAiAgentRunWithStepsQuery,
  DinoAiAgentRunWithStepsQueryVariables,
  'dinoaiAgentRun'
> = {
  operation: DinoAiAgentRunWithStepsOperation,
  pick: (data) => data.dinoaiAgentRun,
  newer: 'reading steps',
}

/** Stops a run. Newer backends only. */
export const stopRun: SpecOf<
  StopDinoAiAgentRunMutation,
  StopDinoAiAgentRunMutationVariables,
  'stopDinoaiAgentRun'
> = { operation: StopDinoAiAgentRunOperation, pick: (data) => data.stopDinoaiAgentRun, newer: 'stopRun' }
