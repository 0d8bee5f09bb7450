/**
 * @dinoai/operations: the DinoAI agents API as typed GraphQL documents, generated from the
 * checked-in schema.graphql by `pnpm codegen`.
 */
export { BEARER_SECRET_PREFIXES, isBearerSecret, needsWorkspace } from './auth.js'
// Every document's exports, listed by codegen from the .graphql files (with their `#` doc comments).
export * from './generated/documents.js'
export { schemaSdl } from './generated/schema.js'
export { schemaIndex } from './generated/schema-index.js'
export { MAX_REQUEST_BYTES, requestBytes } from './limits.js'
export type { TypedOperation } from './operation.js'
export { findMismatch, type Mismatch, pathText } from './shapes/mismatch.js'
export { resultShapeOf } from './shapes/result-shape.js'
export { type NamedTypeLike, type SchemaLike, schemaIndexOf } from './shapes/schema-index.js'
export type { ResultShape, ScalarKind, SchemaIndex, SchemaIndexType, TypeShape } from './shapes/types.js'
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

// Names for the parts of the generated results that the client and apps use most.

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
