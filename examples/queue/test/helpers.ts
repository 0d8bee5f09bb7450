import { randomUUID } from 'node:crypto'
import { createDinoAiClient, type DinoAiClient } from '@dinoai/client'
import { type MockDinoAiServer, startMockDinoAiServer } from '@dinoai/testing'
import { type Job, QueueEvents } from 'bullmq'
import {
  type AgentRunJobData,
  type AgentRunQueue,
  type AgentRunResult,
  type AgentRunWorker,
  type AgentRunWorkerOptions,
  createAgentRunQueue,
  type RedisServer,
  startAgentRunWorker,
} from '../src/index.js'

/** Waits of a few milliseconds: the mock moves a run one step per read. */
export const FAST = { minDelayMs: 1, pollIntervalMs: 5, jitter: 0 } as const

/** A client on the mock server over real HTTP, as a worker process has. */
export function clientFor(server: MockDinoAiServer): DinoAiClient {
  return createDinoAiClient({
    endpoint: server.url,
    apiKey: 'queue-key',
    apiSecret: 'queue-secret-0123456789',
  })
}

/** How a job ended. */
export interface Settled {
  state: string
  result: AgentRunResult | null
  failedReason: string | undefined
  data: AgentRunJobData
  attemptsMade: number
}

/** One test's world: a fresh queue (own name) on the shared Redis, the HTTP mock, workers on demand. */
export interface Stack {
  server: MockDinoAiServer
  queueName: string
  producer: AgentRunQueue
  events: QueueEvents
  startWorker(options?: Partial<AgentRunWorkerOptions>): Promise<AgentRunWorker>
  /** Resolves once the job completed or failed for good. */
  settle(job: Job<AgentRunJobData, AgentRunResult> | string): Promise<Settled>
  close(): Promise<void>
}

export async function startStack(redis: RedisServer): Promise<Stack> {
  const connection = { host: redis.host, port: redis.port }
  const server = await startMockDinoAiServer()
  const queueName = `test-${randomUUID().slice(0, 8)}`
  const producer = createAgentRunQueue({
    connection,
    queueName,
    jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
  })
  const events = new QueueEvents(queueName, { connection })
  await events.waitUntilReady()
  const workers: AgentRunWorker[] = []
  return {
    server,
    queueName,
    producer,
    events,
    async startWorker(options = {}) {
      const worker = startAgentRunWorker({
        connection,
        client: clientFor(server),
        queueName,
        wait: FAST,
        lockDuration: 5_000,
        ...options,
      })
      workers.push(worker)
      await worker.ready()
      return worker
    },
    async settle(jobOrId) {
      const id = typeof jobOrId === 'string' ? jobOrId : (jobOrId.id ?? '')
      const job = await producer.queue.getJob(id)
      if (!job) throw new Error(`no job ${id}`)
      await job.waitUntilFinished(events, 15_000).catch(() => {})
      const final = await producer.queue.getJob(id)
      if (!final) throw new Error(`job ${id} vanished`)
      return {
        state: await final.getState(),
        result: final.returnvalue,
        failedReason: final.failedReason,
        data: final.data,
        attemptsMade: final.attemptsMade,
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()))
      await events.close()
      await producer.close()
      await server.close()
    },
  }
}

/** The operations the mock was sent, by name. */
export function operations(server: MockDinoAiServer, name: string): number {
  return server.requests.filter((r) => r.operationName === name).length
}
