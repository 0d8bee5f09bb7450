/**
 * @dinoai/testing: a schema-true, stateful mock of the DinoAI agents API for tests, in-process
 * (`createMockDinoAi`) or behind a real HTTP server (`startMockDinoAiServer`).
 */
export type { MockCredentials } from './auth.js'
export type { MockClock } from './clock.js'
export { MockDinoAiUsageError } from './errors.js'
export type { Fault } from './faults.js'
export type { FetchFunction } from './fetch.js'
export type { RecordedRequest } from './handler.js'
export {
  createMockDinoAi,
  type MockDinoAi,
  type MockDinoAiControls,
  type MockDinoAiOptions,
} from './mock.js'
export type { MockRun } from './runs.js'
export { type MockDinoAiServer, type MockDinoAiServerOptions, startMockDinoAiServer } from './server.js'
export { DEFAULT_STEPS, type ScriptMatcher, type SpawnChild, type Step, type StepMessage } from './steps.js'
