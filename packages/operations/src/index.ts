/**
 * @dinoai/operations: the DinoAI agents API as typed GraphQL documents, generated from the
 * checked-in schema.graphql by `pnpm codegen`.
 */
export {
  type DinoAiAgentRunFieldsFragment,
  DinoAiAgentRunFieldsFragmentDoc,
  type DinoAiAgentRunStatus,
  type DinoAiAgentSlackInput,
  DinoaiAgentRunDocument,
  type DinoaiAgentRunQuery,
  type DinoaiAgentRunQueryVariables,
  SendDinoaiAgentMessageDocument,
  type SendDinoaiAgentMessageMutation,
  type SendDinoaiAgentMessageMutationVariables,
  TriggerDinoaiAgentRunDocument,
  type TriggerDinoaiAgentRunMutation,
  type TriggerDinoaiAgentRunMutationVariables,
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

import type { DinoAiAgentRunFieldsFragment } from './generated/graphql.js'

/** A run as `dinoaiAgentRun` returns it: status, full transcript, child sessions and workspace. */
export type DinoAiAgentRun = DinoAiAgentRunFieldsFragment

/** One message of a run's transcript. `role` is an open string (`user`, `agent`, `assistant`, ...). */
export type DinoAiAgentMessage = DinoAiAgentRun['messages'][number]
