/**
 * @dinoai/testing: a schema-true, stateful mock of the DinoAI agents API for tests, in-process
 * (`createMockDinoAi`) or behind a real HTTP server (`startMockDinoAiServer`).
 */

export { STARTUP_CHECKLIST } from './agent-steps.js'
export type { MockCredentials } from './auth.js'
export type { MockClock } from './clock.js'
export type { MockCorsOptions } from './cors.js'
export { MockDinoAiUsageError } from './errors.js'
export type { Fault } from './faults.js'
export type { FetchFunction } from './fetch.js'
export {
  buildAcceptedTrigger,
  buildMessage,
  buildRun,
  buildRunWithSteps,
  buildSendResult,
  buildStartupStep,
  buildStep,
  buildStopResult,
} from './fixtures.js'
export type { RecordedRequest } from './handler.js'
export {
  createMockDinoAi,
  type MockDinoAi,
  type MockDinoAiControls,
  type MockDinoAiOptions,
  type Replaying,
} from './mock.js'
export type { MockRun } from './mock-run.js'
export { DEFAULT_MODEL_FAMILIES } from './models.js'
export { CassetteError, type CassetteErrorKind } from './replay/cassette-error.js'
export { type CassetteReport, type CheckCassetteOptions, checkCassette } from './replay/check.js'
export type { CassetteHeader } from './replay/format.js'
export {
  type DinoAiRecorderServer,
  type DinoAiRecorderServerOptions,
  startDinoAiRecorder,
} from './replay/record-server.js'
export { type DinoAiRecorder, type RecordDinoAiOptions, recordDinoAi } from './replay/recorder.js'
export type { MockReplay, ReplayExchange, ReplayOptions } from './replay/replayer.js'
export { editSchemaSdl, type SchemaEdits } from './schema-edit.js'
export { type MockDinoAiServer, type MockDinoAiServerOptions, startMockDinoAiServer } from './server.js'
export {
  DEFAULT_STEPS,
  type ScriptMatcher,
  type ScriptStep,
  type SpawnChild,
  type Step,
  type StepMessage,
  type ToolCall,
} from './steps.js'
