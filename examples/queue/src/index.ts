/**
 * DinoAI agent runs as BullMQ jobs on Redis: `createAgentRunQueue` enqueues, cancels and resolves
 * jobs; `startAgentRunWorker` runs them with one `@dinoai/client` per process, never triggering a
 * run twice.
 */
export { CANCEL_RETAIN_MS, type CancelRequest, cancelTopic } from './cancel.js'
export { connectionFromUrl, main, QUEUE_USAGE, type QueueCliContext, QueueUsageError } from './cli.js'
export { AgentRunFailure, type AgentRunFailureReason, failureReason } from './failures.js'
export type { WorkerWaitOptions } from './follow.js'
export {
  type AgentRunJobData,
  type AgentRunProgress,
  type AgentRunResult,
  DEFAULT_QUEUE_NAME,
  type TriggerRecord,
} from './job.js'
export {
  type AgentRunQueue,
  type AgentRunQueueOptions,
  type CancelOutcome,
  createAgentRunQueue,
  type UnknownOutcomeJob,
} from './producer.js'
export { type RedisServer, RedisServerMissingError, startRedisServer } from './redis-server.js'
export {
  type AgentRunWorker,
  type AgentRunWorkerEvent,
  type AgentRunWorkerOptions,
  startAgentRunWorker,
} from './worker.js'
