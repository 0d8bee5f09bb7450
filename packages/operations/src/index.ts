/**
 * @dinoai/operations: the DinoAI agents API as typed GraphQL documents, generated from the
 * checked-in schema.graphql by `pnpm codegen`.
 */
export {
  DinoAiAgentRunFieldsFragmentDoc,
  type DinoAiAgentRunStatus,
  type DinoAiAgentSlackInput,
  DinoaiAgentRunDocument,
  SendDinoaiAgentMessageDocument,
  TriggerDinoaiAgentRunDocument,
} from './generated/graphql.js'
export { schemaSdl } from './generated/schema.js'
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

/** Variables of `DinoaiAgentRunDocument`: the session to read. */
export type DinoaiAgentRunQueryVariables = Generated.DinoaiAgentRunQueryVariables

/** Result of `DinoaiAgentRunDocument`: the run, under `dinoaiAgentRun`. */
export type DinoaiAgentRunQuery = Generated.DinoaiAgentRunQuery

/** Variables of `SendDinoaiAgentMessageDocument`: the session and the follow-up message. */
export type SendDinoaiAgentMessageMutationVariables = Generated.SendDinoaiAgentMessageMutationVariables

/** Result of `SendDinoaiAgentMessageDocument`: whether the message was accepted, and for which session. */
export type SendDinoaiAgentMessageMutation = Generated.SendDinoaiAgentMessageMutation

/** Variables of `TriggerDinoaiAgentRunDocument`: an agent and/or a message, optional Slack routing and base branch. */
export type TriggerDinoaiAgentRunMutationVariables = Generated.TriggerDinoaiAgentRunMutationVariables

/** Result of `TriggerDinoaiAgentRunDocument`: the new session's id. */
export type TriggerDinoaiAgentRunMutation = Generated.TriggerDinoaiAgentRunMutation

/** A run as `dinoaiAgentRun` returns it: status, full transcript, child sessions and workspace. */
export type DinoAiAgentRun = Generated.DinoAiAgentRunFieldsFragment

/** One message of a run's transcript. `role` is an open string (`user`, `agent`, `assistant`, ...). */
export type DinoAiAgentMessage = DinoAiAgentRun['messages'][number]
