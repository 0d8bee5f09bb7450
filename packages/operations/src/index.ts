/**
 * @dinoai/operations: the DinoAI agents API as typed GraphQL documents, generated from the
 * checked-in schema.graphql by `pnpm codegen`.
 */
export { BEARER_SECRET_PREFIXES, isBearerSecret, needsWorkspace } from './auth.js'
export {
  DinoAiAgentRunDocument,
  DinoAiAgentRunFieldsFragmentDoc,
  type DinoAiAgentRunStatus,
  DinoAiAgentRunWithStepsDocument,
  type DinoAiAgentSlackInput,
  DinoAiAgentStartupStepFieldsFragmentDoc,
  DinoAiAgentStepFieldsFragmentDoc,
  SendDinoAiAgentMessageDocument,
  StopDinoAiAgentRunDocument,
  TriggerDinoAiAgentRunDocument,
  TriggerDinoAiAgentRunWithModelFamilyDocument,
} from './generated/graphql.js'
export { schemaSdl } from './generated/schema.js'
export { resultShapes } from './generated/shapes.js'
export { MAX_REQUEST_BYTES, requestBytes } from './limits.js'
export type { ResultShape, ScalarKind, TypeShape } from './shape.js'
export { abortableSleep } from './sleep.js'
export {
  type FailedRunStatus,
  isKnownStatus,
  isTerminalStatus,
  RUN_STATUSES,
  TERMINAL_RUN_STATUSES,
  type TerminalRunStatus,
} from './statuses.js'

import type * as Generated from './generated/graphql.js'

// Codegen writes no doc comments for operation types, so they are re-declared here with one.

/** The fields `DinoAiAgentRunFieldsFragmentDoc` selects: every field of a run. */
export type DinoAiAgentRunFieldsFragment = Generated.DinoAiAgentRunFieldsFragment

/** Variables of `DinoAiAgentRunDocument`: the session to read. */
export type DinoAiAgentRunQueryVariables = Generated.DinoAiAgentRunQueryVariables

/** Result of `DinoAiAgentRunDocument`: the run, under `dinoaiAgentRun`. */
export type DinoAiAgentRunQuery = Generated.DinoAiAgentRunQuery

/** Variables of `SendDinoAiAgentMessageDocument`: the session and the follow-up message. */
export type SendDinoAiAgentMessageMutationVariables = Generated.SendDinoAiAgentMessageMutationVariables

/** Result of `SendDinoAiAgentMessageDocument`: whether the message was accepted, and for which session. */
export type SendDinoAiAgentMessageMutation = Generated.SendDinoAiAgentMessageMutation

/** Variables of `TriggerDinoAiAgentRunDocument`: an agent and/or a message, optional Slack routing and base branch. */
export type TriggerDinoAiAgentRunMutationVariables = Generated.TriggerDinoAiAgentRunMutationVariables

/** Result of `TriggerDinoAiAgentRunDocument`: the new session's id. */
export type TriggerDinoAiAgentRunMutation = Generated.TriggerDinoAiAgentRunMutation

/** Variables of `DinoAiAgentRunWithStepsDocument`: the session, and which steps to return (`after`, `includeToolIo`, `maxChars`). */
export type DinoAiAgentRunWithStepsQueryVariables = Generated.DinoAiAgentRunWithStepsQueryVariables

/** Result of `DinoAiAgentRunWithStepsDocument`: the run with its steps and start-up checklist. Newer backends only. */
export type DinoAiAgentRunWithStepsQuery = Generated.DinoAiAgentRunWithStepsQuery

/** Variables of `TriggerDinoAiAgentRunWithModelFamilyDocument`: the trigger's variables plus `modelFamily`. */
export type TriggerDinoAiAgentRunWithModelFamilyMutationVariables =
  Generated.TriggerDinoAiAgentRunWithModelFamilyMutationVariables

/** Result of `TriggerDinoAiAgentRunWithModelFamilyDocument`: the new session's id and a `warning` (e.g. unknown family). Newer backends only. */
export type TriggerDinoAiAgentRunWithModelFamilyMutation =
  Generated.TriggerDinoAiAgentRunWithModelFamilyMutation

/** Variables of `StopDinoAiAgentRunDocument`: the session to stop. */
export type StopDinoAiAgentRunMutationVariables = Generated.StopDinoAiAgentRunMutationVariables

/** Result of `StopDinoAiAgentRunDocument`: whether the stop was accepted, and the run's status after it. Newer backends only. */
export type StopDinoAiAgentRunMutation = Generated.StopDinoAiAgentRunMutation

/** The fields `DinoAiAgentStepFieldsFragmentDoc` selects: every field of a step. */
export type DinoAiAgentStepFieldsFragment = Generated.DinoAiAgentStepFieldsFragment

/** The fields `DinoAiAgentStartupStepFieldsFragmentDoc` selects: a checklist item's label and whether it is done. */
export type DinoAiAgentStartupStepFieldsFragment = Generated.DinoAiAgentStartupStepFieldsFragment

/** One step of a run (user turn, agent turn or tool call). `index` only grows; `role` is an open string. */
export type DinoAiAgentStep = Generated.DinoAiAgentStepFieldsFragment

/** One item of the agent pod's start-up checklist. */
export type DinoAiAgentStartupStep = Generated.DinoAiAgentStartupStepFieldsFragment

/** A run read with its steps: every field of `DinoAiAgentRun` plus `steps` and `startupSteps` (each null when the backend cannot read it). */
export type DinoAiAgentRunWithSteps = Generated.DinoAiAgentRunWithStepsQuery['dinoaiAgentRun']

/** A run as `dinoaiAgentRun` returns it: status, full transcript, child sessions and workspace. */
export type DinoAiAgentRun = Generated.DinoAiAgentRunFieldsFragment

/** One message of a run's transcript. `role` is an open string (`user`, `agent`, `assistant`, ...). */
export type DinoAiAgentMessage = DinoAiAgentRun['messages'][number]
