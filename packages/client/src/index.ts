/**
 * @dinoai/client: the typed DinoAI agents client. urql core underneath (POST, no cache), auth
 * headers, typed errors, retries that never duplicate a run or a message, and wait/watch helpers
 * that share one batched poller.
 */
// The API's own types, generated from the schema, re-exported so users need one import.
export type {
  DinoAiAgentMessage,
  DinoAiAgentRun,
  DinoAiAgentRunStatus,
  DinoAiAgentRunWithSteps,
  DinoAiAgentSlackInput,
  DinoAiAgentStartupStep,
  DinoAiAgentStep,
} from '@dinoai/operations'
export { isBearerSecret } from './auth.js'
export { DEFAULT_MAX_RESPONSE_BYTES } from './body.js'
export type { RunTree } from './children.js'
export {
  createDinoAiClient,
  type DinoAiClient,
  type EventFor,
  type GetRunOptions,
  type RequestArgs,
  type RequestOptions,
  type RunFor,
  type WatchOptions,
} from './client.js'
export { type Clock, systemClock } from './clock.js'
export type { DinoAiClientOptions, FetchFunction } from './config.js'
export { ENV_VARS } from './env.js'
export {
  DinoAiAuthenticationError,
  DinoAiBadResponseError,
  DinoAiError,
  type DinoAiErrorCode,
  DinoAiGraphQLError,
  DinoAiNetworkError,
  DinoAiNotAcceptedError,
  DinoAiRateLimitError,
  DinoAiRunExpiredError,
  DinoAiRunFailedError,
  DinoAiRunStoppedError,
  DinoAiServerError,
  DinoAiValidationError,
  DinoAiWaitTimeoutError,
  type GraphQLErrorEntry,
  type RunFailureCode,
} from './errors.js'
export type {
  RunCompletedEvent,
  RunEvent,
  RunFailedEvent,
  RunMessageEvent,
  RunStartupEvent,
  RunStatusEvent,
  RunStepEvent,
  RunWarningEvent,
  WatchEvent,
} from './events.js'
export { redactSecrets } from './redact.js'
export type { AcceptedMessage, AcceptedRun, StopRunResult } from './results.js'
export { DEFAULT_RETRY, type RetryOptions } from './retry.js'
export type { StepsOptions, WatchStepsOptions } from './steps.js'
export type { TriggerRunInput } from './validate.js'
export { VERSION } from './version.js'
export type { WaitOptions } from './wait.js'
export type { DinoAiWarning, WarningHandler } from './warnings.js'
