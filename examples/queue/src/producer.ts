/**
 * The producer's side: enqueue agent runs, cancel them wherever they run, and settle the jobs whose
 * outcome is unknown. It never writes the data of a job a worker may hold (BullMQ's updateData
 * replaces it whole): it only adds jobs, removes waiting ones and rewrites failed ones.
 */
import { DinoAiValidationError, type TriggerRunInput } from '@dinoai/client'
import { type ConnectionOptions, type Job, type JobsOptions, Queue, QueueEvents, Relay } from 'bullmq'
import { CANCEL_RETAIN_MS, type CancelRequest, cancelTopic } from './cancel.js'
import { failureReason } from './failures.js'
import { type AgentRunJobData, type AgentRunResult, DEFAULT_QUEUE_NAME, type TriggerRecord } from './job.js'

/** Options of `createAgentRunQueue`. */
export interface AgentRunQueueOptions {
  /** Redis, as BullMQ takes it: `{ host, port }`, `{ url }`, ... */
  connection: ConnectionOptions
  /** Default `DEFAULT_QUEUE_NAME`. */
  queueName?: string
  /** Redis key prefix of the queue and the relay. Default BullMQ's (`bull`). */
  prefix?: string
  /**
   * Options of every job, merged under each `enqueue`'s. Default: 3 attempts, exponential backoff
   * from 5 s; a retry of a job with a stored session id resumes waiting on it.
   */
  jobOptions?: JobsOptions
}

/** What `cancel` did. */
export type CancelOutcome =
  /** The job had not started: it was removed and no run was triggered. */
  | 'removed'
  /** A worker may hold it: the request went out, and the worker stops its run and fails the job CANCELLED. */
  | 'requested'
  /** It had already completed or failed. */
  | 'finished'
  /** No such job. */
  | 'missing'

/** A job that failed OUTCOME_UNKNOWN, with what an operator needs to find its run. */
export interface UnknownOutcomeJob {
  jobId: string
  input: TriggerRunInput
  /** When and by which worker the trigger was sent. */
  trigger: TriggerRecord | undefined
  failedReason: string
}

/** The producer's handle on the queue. */
export interface AgentRunQueue {
  /** The BullMQ queue underneath (counts, `getJob`, events). */
  readonly queue: Queue<AgentRunJobData, AgentRunResult>
  /** Adds a job that triggers this run. Needs `agent`, `message`, or both. */
  enqueue(input: TriggerRunInput, options?: JobsOptions): Promise<Job<AgentRunJobData, AgentRunResult>>
  /**
   * Resolves with the job's result once it completed; rejects with an Error whose message is its
   * `failedReason` (see `failureReason`) once it failed for good, or after `timeoutMs`.
   */
  finished(jobId: string, timeoutMs?: number): Promise<AgentRunResult>
  /** Cancels a job: removes it if it has not started, otherwise its worker stops its run. */
  cancel(jobId: string, reason?: string): Promise<CancelOutcome>
  /** The failed jobs whose trigger may or may not have started a run. */
  unknownOutcomes(): Promise<UnknownOutcomeJob[]>
  /**
   * Settles an OUTCOME_UNKNOWN job and sends it back to the queue: with the session id of the run
   * its trigger started (found in DinoAI), the job waits on that run; with `retrigger: true` (no
   * run started), it triggers again.
   */
  resolveUnknownOutcome(
    jobId: string,
    resolution: { agentSessionId: string } | { retrigger: true },
  ): Promise<void>
  close(): Promise<void>
}

const DEFAULT_JOB_OPTIONS: JobsOptions = { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } }

function checkInput(input: TriggerRunInput): void {
  const blank = (text: string | undefined) => text === undefined || text.trim() === ''
  if (typeof input !== 'object' || input === null || (blank(input.agent) && blank(input.message))) {
    throw new DinoAiValidationError(
      'agent',
      'enqueue needs an agent name, a message, or both: e.g. { agent: "data-quality-checker" }.',
    )
  }
}

type AgentRunBullQueue = Queue<AgentRunJobData, AgentRunResult>

/** Calls `make` once, on first use. */
function lazy<T>(make: () => T): { get(): T; made(): T | undefined } {
  let value: T | undefined
  return {
    get: () => {
      value ??= make()
      return value
    },
    made: () => value,
  }
}

/**
 * QueueEvents starts at the stream's end ('$') on its first read, which can come after a job
 * finished but after `waitUntilFinished` checked its state: that event would be missed. Its first
 * read starts a minute back instead (stream ids are the Redis server's ms; a minute covers any
 * sane clock skew), so every finish after the check is read.
 */
async function openEvents(
  queueName: string,
  options: AgentRunQueueOptions,
  prefix: object,
): Promise<QueueEvents> {
  const lastEventId = `${Date.now() - 60_000}-0`
  const events = new QueueEvents(queueName, { connection: options.connection, ...prefix, lastEventId })
  events.on('error', () => {})
  await events.waitUntilReady()
  return events
}

async function cancelJob(
  queue: AgentRunBullQueue,
  relay: Relay,
  jobId: string,
  reason: string,
): Promise<CancelOutcome> {
  const job = await queue.getJob(jobId)
  if (!job) return 'missing'
  const state = await job.getState()
  if (state === 'completed' || state === 'failed') return 'finished'
  // Published before anything else, and retained: whichever worker holds the job now or takes it
  // later (after a stall) gets it.
  const request: CancelRequest = { reason }
  await relay.publish(cancelTopic(queue.name, jobId), request, { retain: CANCEL_RETAIN_MS })
  if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
    try {
      await job.remove()
      return 'removed'
    } catch {
      // A worker took it meanwhile (a held job cannot be removed); it has the request.
    }
  }
  return 'requested'
}

async function unknownOutcomesOf(queue: AgentRunBullQueue): Promise<UnknownOutcomeJob[]> {
  const failed = await queue.getFailed(0, -1)
  return failed
    .filter((job) => failureReason(job.failedReason) === 'OUTCOME_UNKNOWN')
    .map((job) => ({
      jobId: job.id ?? '',
      input: job.data.input,
      trigger: job.data.trigger,
      failedReason: job.failedReason,
    }))
}

async function resolveUnknown(
  queue: AgentRunBullQueue,
  jobId: string,
  resolution: { agentSessionId: string } | { retrigger: true },
): Promise<void> {
  const job = await queue.getJob(jobId)
  if (!job) throw new Error(`No job ${jobId} in queue ${queue.name}.`)
  const state = await job.getState()
  if (state !== 'failed' || failureReason(job.failedReason) !== 'OUTCOME_UNKNOWN') {
    throw new Error(
      `Job ${jobId} is ${state}, not failed with DINOAI_OUTCOME_UNKNOWN: there is nothing to resolve.`,
    )
  }
  const { input, trigger } = job.data
  if ('agentSessionId' in resolution) {
    if (!resolution.agentSessionId.trim())
      throw new Error('resolveUnknownOutcome needs a non-empty agentSessionId.')
    await job.updateData({
      input,
      ...(trigger ? { trigger } : {}),
      agentSessionId: resolution.agentSessionId,
    })
  } else {
    await job.updateData({ input })
  }
  await job.retry('failed', { resetAttemptsMade: true })
}

/** Opens the queue for producing: enqueue, cancel, and resolve unknown outcomes. */
export function createAgentRunQueue(options: AgentRunQueueOptions): AgentRunQueue {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME
  const prefix = options.prefix === undefined ? {} : { prefix: options.prefix }
  const queue: AgentRunBullQueue = new Queue(queueName, {
    connection: options.connection,
    ...prefix,
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...options.jobOptions },
  })
  // Connection errors are retried by BullMQ and ioredis, and a call that cannot complete rejects;
  // without a listener they would also be printed.
  queue.on('error', () => {})
  const relay = lazy(() => {
    const made = new Relay({ connection: options.connection, name: `producer:${queueName}`, ...prefix })
    made.on('error', () => {})
    return made
  })
  const events = lazy(() => openEvents(queueName, options, prefix))
  return {
    queue,
    async enqueue(input, jobOptions) {
      checkInput(input)
      return queue.add('agent-run', { input }, jobOptions)
    },
    async finished(jobId, timeoutMs) {
      const job = await queue.getJob(jobId)
      if (!job) throw new Error(`No job ${jobId} in queue ${queueName}.`)
      return job.waitUntilFinished(await events.get(), timeoutMs)
    },
    cancel: (jobId, reason = 'cancelled') => cancelJob(queue, relay.get(), jobId, reason),
    unknownOutcomes: () => unknownOutcomesOf(queue),
    resolveUnknownOutcome: (jobId, resolution) => resolveUnknown(queue, jobId, resolution),
    async close() {
      await queue.close()
      await relay.made()?.close()
      await (await events.made())?.close()
    },
  }
}
