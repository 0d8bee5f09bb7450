// The queue under the failures it exists for, with real components only: a redis-server of its
// own, the HTTP mock, and three `dinoai-queue worker` processes. 300 jobs; one worker is SIGKILLed
// while it waits on its runs, another right after the mock accepted its trigger, and Redis is
// killed and restarted while runs complete. Runs are held by the mock's scripts and released by
// the test, never by timing; the only real waits are BullMQ's lock expiry after each kill. The lock
// is 8 s: BullMQ renews it every half of that, and on a loaded machine (CI runs every package's
// tests at once on two cores) a live worker's renewal can be late by seconds; a shorter lock then
// takes over a job whose worker is merely slow, and a job in the middle of its trigger ends as an
// unknown outcome, as it should, but not as this test expects.
import { randomUUID } from 'node:crypto'
import { type MockDinoAiServer, startMockDinoAiServer } from '@dinoai/testing'
import { QueueEvents } from 'bullmq'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  type AgentRunQueue,
  createAgentRunQueue,
  failureReason,
  type RedisServer,
  startRedisServer,
} from '../src/index.js'
import { assertBuilt, spawnWorker, stopWorker, type WorkerLine, type WorkerProcess } from './processes.js'

const WORKER_ARGS = [
  '--concurrency',
  '150',
  '--poll-interval-ms',
  '50',
  '--min-delay-ms',
  '10',
  '--lock-duration-ms',
  '8000',
  '--stalled-interval-ms',
  '1000',
]
const PHASE = 150

/** The mock calls a script's message matcher while it creates the run, before it answers. */
class OnTrigger extends RegExp {
  constructor(
    source: string,
    private readonly hook: () => void,
  ) {
    super(source)
  }
  override test(text: string): boolean {
    const hit = super.test(text)
    if (hit) this.hook()
    return hit
  }
}

let redis: RedisServer
let server: MockDinoAiServer
let producer: AgentRunQueue
let events: QueueEvents
const workers: WorkerProcess[] = []
const checks = new Set<() => void>()
const notify = () => {
  for (const check of checks) check()
}

/** Resolves once `condition` holds; re-checked on every worker line and queue event. */
function until(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      checks.delete(check)
      reject(new Error(`timed out waiting until ${what}`))
    }, timeoutMs)
    const check = () => {
      if (!condition()) return
      clearTimeout(timer)
      checks.delete(check)
      resolve()
    }
    checks.add(check)
    check()
  })
}

const triggered = new Set<string>()
const finished = new Set<string>()
let env: Record<string, string>
let spawned = 0

async function addWorker(): Promise<WorkerProcess> {
  spawned += 1
  const worker = spawnWorker(`worker-${spawned}`, WORKER_ARGS, env, (_worker, line: WorkerLine) => {
    if (line.type === 'triggered') triggered.add(line.jobId)
    notify()
  })
  workers.push(worker)
  await worker.ready
  return worker
}

beforeAll(async () => {
  assertBuilt()
  redis = await startRedisServer()
  server = await startMockDinoAiServer()
  const queueName = `distributed-${randomUUID().slice(0, 8)}`
  const connection = { host: redis.host, port: redis.port }
  producer = createAgentRunQueue({ connection, queueName })
  events = new QueueEvents(queueName, { connection })
  events.on('error', () => {}) // the Redis restart drops its connection; it reconnects
  events.on('completed', ({ jobId }) => {
    finished.add(jobId)
    notify()
  })
  events.on('failed', ({ jobId }) => {
    finished.add(jobId)
    notify()
  })
  await events.waitUntilReady()
  env = {
    PARADIME_API_ENDPOINT: server.url,
    PARADIME_API_KEY: 'queue-key',
    PARADIME_API_SECRET: 'queue-secret-0123456789',
    REDIS_URL: redis.url,
    DINOAI_QUEUE: queueName,
  }
}, 60_000)

afterAll(async () => {
  await Promise.all(workers.map(stopWorker))
  await events?.close()
  await producer?.close()
  await server?.close()
  await redis?.stop()
}, 60_000)

function release(prefix: string): void {
  for (const run of server.runs) {
    const message = run.messages[0]?.content ?? ''
    if (message.startsWith(prefix)) {
      server.script({ sessionId: run.agentSessionId }, [
        { status: 'COMPLETED', message: { role: 'agent', content: `done: ${message}` } },
      ])
    }
  }
}

test('300 jobs, 3 workers, two SIGKILLs and a Redis restart: no duplicate run, no lost job', async () => {
  // Every run is held RUNNING until the test releases it; the victim's trigger kills its worker.
  server.script({ agent: 'steady' }, [{ status: 'RUNNING' }, { neverEnding: true }])
  let victimId = ''
  let killedAfterTrigger: WorkerProcess | undefined
  let hookError: string | undefined
  server.script(
    {
      agent: 'kill-after-trigger',
      message: new OnTrigger('^victim$', () => {
        // The run exists in the mock; its answer is not sent yet. Kill the worker holding the job.
        killedAfterTrigger = workers.find((w) => w.child.exitCode === null && w.held().has(victimId))
        if (killedAfterTrigger) killedAfterTrigger.child.kill('SIGKILL')
        else hookError = `no live worker held the victim job ${victimId} when its trigger arrived`
        notify()
      }),
    },
    [{ status: 'COMPLETED' }],
  )
  await Promise.all([addWorker(), addWorker(), addWorker()])

  // 1. 150 jobs, all triggered and waiting; then SIGKILL the worker waiting on the most runs.
  const phase1 = await Promise.all(
    Array.from({ length: PHASE }, (_, i) =>
      producer.enqueue({ agent: 'steady', message: `phase1 job ${i}` }),
    ),
  )
  await until('every phase 1 job is triggered', () => phase1.every((job) => triggered.has(job.id ?? '')))
  const live = workers.filter((w) => w.child.exitCode === null)
  const waiting = live.reduce((most, w) => (w.held().size > most.held().size ? w : most))
  const heldByWaiting = waiting.held()
  expect(heldByWaiting.size).toBeGreaterThan(0)
  waiting.child.kill('SIGKILL')
  await waiting.exited
  await addWorker()

  // 2. 149 more jobs, all triggered and waiting (the dead worker's are resumed meanwhile).
  const phase2 = await Promise.all(
    Array.from({ length: PHASE - 1 }, (_, i) =>
      producer.enqueue({ agent: 'steady', message: `phase2 job ${i}` }),
    ),
  )
  await until('every phase 2 job is triggered', () => phase2.every((job) => triggered.has(job.id ?? '')))

  // 3. Release phase 1 and kill Redis while those jobs complete; it comes back from its AOF.
  release('phase1')
  await redis.restart()

  // 4. The victim: its worker dies right after the mock accepted the trigger.
  const victim = await producer.enqueue({ agent: 'kill-after-trigger', message: 'victim' })
  victimId = victim.id ?? ''
  await until(
    'the victim trigger killed its worker',
    () => killedAfterTrigger !== undefined || hookError !== undefined,
  )
  expect(hookError).toBeUndefined()
  await killedAfterTrigger?.exited
  await addWorker()

  // 5. Release phase 2; every job ends.
  release('phase2')
  const all = [...phase1, ...phase2, victim].map((job) => job.id ?? '')
  await until('all 300 jobs finished', () => all.every((id) => finished.has(id)), 90_000)

  const counts = await producer.queue.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed')
  expect(counts).toEqual({ completed: 299, failed: 1, active: 0, waiting: 0, delayed: 0 })
  const failed = await producer.queue.getFailed(0, -1)
  expect(failed.map((job) => job.id)).toEqual([victimId])
  expect(failureReason(failed[0]?.failedReason)).toBe('OUTCOME_UNKNOWN')
  expect(failed[0]?.data.trigger?.worker).toBe(killedAfterTrigger?.name)
  expect(await producer.unknownOutcomes()).toHaveLength(1)

  // The mock's records: one run per job, the victim's included, and one trigger each.
  const runsPerMessage = new Map<string, number>()
  for (const run of server.runs) {
    const message = run.messages[0]?.content ?? ''
    runsPerMessage.set(message, (runsPerMessage.get(message) ?? 0) + 1)
  }
  expect(server.runs).toHaveLength(300)
  expect([...runsPerMessage.values()].filter((n) => n !== 1)).toEqual([])
  expect(server.requests.filter((r) => r.operationName === 'TriggerDinoaiAgentRun')).toHaveLength(300)

  // Every completed job returned its own run, and nothing was lost across the Redis restart.
  const completed = await producer.queue.getCompleted(0, -1)
  const sessionOf = new Map(server.runs.map((run) => [run.messages[0]?.content, run.agentSessionId]))
  for (const job of completed) {
    expect(job.returnvalue).toMatchObject({
      status: 'COMPLETED',
      agentSessionId: sessionOf.get(job.data.input.message),
    })
    expect(job.data.agentSessionId).toBe(job.returnvalue.agentSessionId)
  }
  // The first killed worker's jobs were resumed by others, not triggered again.
  const resumed = new Set(
    workers.flatMap((w) =>
      w.lines.filter((l) => l.type === 'started' && l.resumed).map((l) => ('jobId' in l ? l.jobId : '')),
    ),
  )
  for (const id of heldByWaiting) expect(resumed.has(id)).toBe(true)
}, 180_000)
