/**
 * A worker process's side: one BullMQ Worker that runs agent-run jobs on one DinoAI client (so all
 * the sessions the process waits on share that client's batched poller), and one Relay node that
 * brings cancel requests from other processes.
 */
import { hostname } from 'node:os'
import type { DinoAiClient } from '@dinoai/client'
import { type ConnectionOptions, type Job, type RateLimiterOptions, Relay, Worker } from 'bullmq'
import { type CancelWatch, watchCancel } from './cancel.js'
import type { WorkerWaitOptions } from './follow.js'
import { type AgentRunJobData, type AgentRunResult, DEFAULT_QUEUE_NAME } from './job.js'
import { processAgentRun } from './process.js'

/** What a worker reports as it goes, e.g. for a log line per event. */
export type AgentRunWorkerEvent =
  | { type: 'started'; jobId: string; worker: string; resumed: boolean }
  | { type: 'triggered'; jobId: string; worker: string; agentSessionId: string }
  | { type: 'completed'; jobId: string; worker: string; result: AgentRunResult }
  | { type: 'failed'; jobId: string; worker: string; reason: string }

/** Options of `startAgentRunWorker`. */
export interface AgentRunWorkerOptions {
  /** Redis, as BullMQ takes it: `{ host, port }`, `{ url }`, ... */
  connection: ConnectionOptions
  /** The process's one DinoAI client: every job waits through its shared poller. */
  client: DinoAiClient
  /** Default `DEFAULT_QUEUE_NAME`. */
  queueName?: string
  /** Redis key prefix of the queue and the relay. Default BullMQ's (`bull`). */
  prefix?: string
  /** This worker's name, stored on each job it processes. Default `<host>:<pid>`. */
  name?: string
  /** Jobs (runs waited on) at once. Default 100: a job mostly waits. */
  concurrency?: number
  /** Poll timing of the waits (the client's defaults: 1 s doubling to 10 s, 1 h timeout). */
  wait?: WorkerWaitOptions
  /** Follow agent steps for the progress's step count (newer backends). Default true. */
  steps?: boolean
  /** BullMQ's job lock (ms); a dead worker's jobs are taken over after it expires. Default 30 000. */
  lockDuration?: number
  /** How often BullMQ looks for stalled jobs (ms). Default 30 000. */
  stalledInterval?: number
  /**
   * How often a job may stall (its worker died) before BullMQ fails it. Default 5: a stalled job
   * is safe to take over (it resumes its stored session, or ends OUTCOME_UNKNOWN), so BullMQ's
   * default of 1 would fail jobs only because their worker was replaced twice.
   */
  maxStalledCount?: number
  /**
   * BullMQ's rate limiter for the whole queue (`{ max, duration }`: at most `max` jobs started per
   * `duration` ms, across every worker): keeps triggers under the API's rate limit.
   */
  limiter?: RateLimiterOptions
  /** Called for each job event. */
  onEvent?: (event: AgentRunWorkerEvent) => void
}

/** A running worker: `ready()` once connected, `close()` to hand its jobs back and stop. */
export interface AgentRunWorker {
  readonly name: string
  /** The BullMQ worker underneath (events, `cancelJob`, metrics). */
  readonly worker: Worker<AgentRunJobData, AgentRunResult>
  ready(): Promise<void>
  /**
   * Stops taking jobs and hands the jobs it waits on back to the queue (session ids stored) for
   * other workers to resume; a trigger in flight finishes first. Leaves every run going.
   */
  close(): Promise<void>
}

/** Starts a worker that runs agent-run jobs from the queue. */
export function startAgentRunWorker(options: AgentRunWorkerOptions): AgentRunWorker {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME
  const name = options.name ?? `${hostname()}:${process.pid}`
  const lockDuration = options.lockDuration ?? 30_000
  const onEvent = options.onEvent ?? (() => {})
  const shutdown = new AbortController()
  const prefix = options.prefix === undefined ? {} : { prefix: options.prefix }
  const relay = new Relay({ connection: options.connection, name, ...prefix })
  const context = {
    client: options.client,
    worker: name,
    wait: options.wait ?? {},
    steps: options.steps ?? true,
    lockDuration,
    shutdown: shutdown.signal,
  }

  const processor = async (job: Job<AgentRunJobData>, token?: string, signal?: AbortSignal) => {
    const jobId = job.id ?? ''
    const watch: CancelWatch = await watchCancel(relay, queueName, jobId)
    try {
      const cancel = signal ? AbortSignal.any([watch.signal, signal]) : watch.signal
      return await processAgentRun(job, token, cancel, {
        ...context,
        onEvent: (event) => onEvent({ ...event, jobId, worker: name }),
      })
    } finally {
      await watch.close()
    }
  }
  const worker = new Worker<AgentRunJobData, AgentRunResult>(queueName, processor, {
    connection: options.connection,
    ...prefix,
    name,
    concurrency: options.concurrency ?? 100,
    lockDuration,
    stalledInterval: options.stalledInterval ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 5,
    ...(options.limiter ? { limiter: options.limiter } : {}),
  })
  worker.on('completed', (job, result) =>
    onEvent({ type: 'completed', jobId: job.id ?? '', worker: name, result }),
  )
  worker.on('failed', (job, error) =>
    onEvent({ type: 'failed', jobId: job?.id ?? '', worker: name, reason: error.message }),
  )
  // Connection errors are retried by BullMQ and ioredis; without a listener Node would throw them.
  worker.on('error', () => {})
  relay.on('error', () => {})

  return {
    name,
    worker,
    async ready() {
      await Promise.all([worker.waitUntilReady(), relay.waitUntilReady()])
    },
    async close() {
      shutdown.abort(new Error(`worker ${name} is shutting down`))
      await worker.close()
      await relay.close()
    },
  }
}
