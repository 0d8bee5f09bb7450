import {
  DinoAiAgentRunDocument,
  type DinoAiAgentRunQuery,
  type DinoAiAgentRunQueryVariables,
  DinoAiAgentRunWithStepsDocument,
  type DinoAiAgentRunWithStepsQuery,
  type DinoAiAgentRunWithStepsQueryVariables,
  SendDinoAiAgentMessageDocument,
  type SendDinoAiAgentMessageMutation,
  type SendDinoAiAgentMessageMutationVariables,
  StopDinoAiAgentRunDocument,
  type StopDinoAiAgentRunMutation,
  type StopDinoAiAgentRunMutationVariables,
  TriggerDinoAiAgentRunDocument,
  type TriggerDinoAiAgentRunMutation,
  type TriggerDinoAiAgentRunMutationVariables,
  TriggerDinoAiAgentRunWithModelFamilyDocument,
  type TriggerDinoAiAgentRunWithModelFamilyMutation,
  type TriggerDinoAiAgentRunWithModelFamilyMutationVariables,
} from '@dinoai/operations'
import type { AnyVariables, TypedDocumentNode } from '@urql/core'
import type { OperationKind } from './retry.js'

/**
 * One generated document, how it may be retried (`kind`), and the field of its answer that the
 * client is about (`pick`, a typed function, so a field renamed in the schema fails to compile here).
 */
export interface OperationSpec<Data, Variables extends AnyVariables, Field> {
  readonly document: TypedDocumentNode<Data, Variables>
  readonly kind: OperationKind
  readonly pick: (data: Data) => Field
  /** For documents only newer backends know: the option that sent it, named in the error an older backend causes. */
  readonly newer?: string | undefined
}

/** The spec of a document whose answer's one top-level field is `Data[Key]`. */
type SpecOf<Data, Variables extends AnyVariables, Key extends keyof Data> = OperationSpec<
  Data,
  Variables,
  Data[Key]
>

function spec<Data, Variables extends AnyVariables, Field>(
  document: TypedDocumentNode<Data, Variables>,
  kind: OperationKind,
  pick: (data: Data) => Field,
  newer?: string,
): OperationSpec<Data, Variables, Field> {
  return { document, kind, pick, newer }
}

/** Starts a run: the older document, byte-stable, for callers who give no model family. */
export const trigger: SpecOf<
  TriggerDinoAiAgentRunMutation,
  TriggerDinoAiAgentRunMutationVariables,
  'triggerDinoaiAgentRun'
> = spec(TriggerDinoAiAgentRunDocument, 'mutation', (data) => data.triggerDinoaiAgentRun)

/** Starts a run on a model family; the answer may carry a `warning`. Newer backends only. */
export const triggerWithModelFamily: SpecOf<
  TriggerDinoAiAgentRunWithModelFamilyMutation,
  TriggerDinoAiAgentRunWithModelFamilyMutationVariables,
  'triggerDinoaiAgentRun'
> = spec(
  TriggerDinoAiAgentRunWithModelFamilyDocument,
  'mutation',
  (data) => data.triggerDinoaiAgentRun,
  'triggerRun with modelFamily',
)

/** Sends a follow-up message. */
export const sendMessage: SpecOf<
  SendDinoAiAgentMessageMutation,
  SendDinoAiAgentMessageMutationVariables,
  'sendDinoaiAgentMessage'
> = spec(SendDinoAiAgentMessageDocument, 'mutation', (data) => data.sendDinoaiAgentMessage)

/** Reads a run: the older document, also the poller's read of one session. */
export const readRun: SpecOf<DinoAiAgentRunQuery, DinoAiAgentRunQueryVariables, 'dinoaiAgentRun'> = spec(
  DinoAiAgentRunDocument,
  'query',
  (data) => data.dinoaiAgentRun,
)

/** Reads a run with its steps and start-up checklist. Newer backends only. */
export const readRunWithSteps: SpecOf<
  DinoAiAgentRunWithStepsQuery,
  DinoAiAgentRunWithStepsQueryVariables,
  'dinoaiAgentRun'
> = spec(DinoAiAgentRunWithStepsDocument, 'query', (data) => data.dinoaiAgentRun, 'reading steps')

/** Stops a run. Newer backends only. */
export const stopRun: SpecOf<
  StopDinoAiAgentRunMutation,
  StopDinoAiAgentRunMutationVariables,
  'stopDinoaiAgentRun'
> = spec(StopDinoAiAgentRunDocument, 'mutation', (data) => data.stopDinoaiAgentRun, 'stopRun')
