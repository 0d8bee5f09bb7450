/**
 * @dinoai/client: the typed DinoAI agents client. urql core underneath (POST, no cache), auth
 * headers, typed errors, retries that never duplicate a run or a message, and wait/watch helpers
 * that share one batched poller. Each verb is a standalone function of a connection (so a bundler
 * keeps only the ones an app uses) and a method of the client object.
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
// The API's auth rule, from @dinoai/operations, so the client, the CLI and the mock share one copy.
export { isBearerSecret } from '@dinoai/operations'
export { createDinoAiClient, type DinoAiClient } from './client.js'
export { authHeaders, type CheckedCredentials, type Credentials, checkCredentials } from './config/auth.js'
export { type Clock, systemClock } from './config/clock.js'
export { ENV_VARS } from './config/env.js'
export type { DinoAiClientOptions, FetchFunction } from './config/options.js'
export { createDinoAiConnection, type DinoAiConnection } from './connection.js'
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
} from './errors/errors.js'
export { redactSecrets } from './errors/redact.js'
export type { AcceptedMessage, AcceptedRun, StopRunResult } from './results.js'
export type { TriggerRunInput } from './verbs/input.js'
export type {
  EventFor,
  FollowUpEvents,
  FollowUpWatchOptions,
  GetRunOptions,
  RequestArgs,
  RequestOptions,
  RunFor,
  WatchOptions,
} from './verbs/options.js'
export { getRun, request, sendMessage, stopRun, triggerRun } from './verbs/requests.js'
export {
  sendMessageAndWait,
  sendMessageAndWatch,
  triggerRunAndWait,
  waitForRun,
  waitForRunTree,
  watchRun,
} from './verbs/waits.js'
export { VERSION } from './version.js'
export type { DinoAiWarning, WarningHandler } from './warnings.js'
export type { RunTree } from './watch/children.js'
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
} from './watch/events.js'
export type { WaitOptions } from './watch/options.js'
export type { StepsOptions, WatchStepsOptions } from './watch/steps.js'
export { DEFAULT_MAX_RESPONSE_BYTES } from './wire/body.js'
export { DEFAULT_RETRY, type RetryOptions } from './wire/retry.js'
