// Two figures for BENCHMARKS.md, each against a baseline measured in the same run, with real
// components: a redis-server of its own, the HTTP mock, `dinoai-queue worker` processes (dist).
//  1. API requests per run for 300 jobs on 3 worker processes against the same 300 on one worker
//     process: each process batches the reads of the sessions it holds, so spreading them over
//     processes should cost few extra requests. (One read per run per poll, unbatched, would be
//     1 trigger + READS reads per run.)
//  2. Jobs per second end to end (enqueue to last completion) on 3 workers, against the same runs
//     driven by one client in one process (triggerRunAndWait), with the same waits: what the queue
//     costs. Runs advance one script step per read (the mock's default), never with real time.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createDinoAiClient } from '@dinoai/client'
import { startMockDinoAiServer } from '@dinoai/testing'
import { QueueEvents } from 'bullmq'
import { reportFigure } from '../../../scripts/bench-report.mjs'
import { createAgentRunQueue, startRedisServer } from '../dist/index.js'

const JOBS = 300
const ROUNDS = 3
// RUNNING, then 6 holds, then COMPLETED: every run needs READS reads.
const SCRIPT = [
  { status: 'RUNNING' },
  {},
  {},
  {},
  {},
  {},
  {},
  { status: 'COMPLETED', message: { role: 'agent', content: 'Done.' } },
]
const READS = SCRIPT.length + 1
const POLL = ['--poll-interval-ms', '40', '--min-delay-ms', '40']
const WAIT = { pollIntervalMs: 40, minDelayMs: 40 }
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))

function startWorker(name, concurrency, env) {
  const child = spawn(
    process.execPath,
    [bin, 'worker', '--name', name, '--concurrency', String(concurrency), ...POLL],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const ready = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${name} exited (${code})`)))
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"type":"ready"')) resolve()
    })
  })
  return { child, ready }
}

async function stop(worker) {
  worker.child.kill('SIGTERM')
  if (worker.child.exitCode === null) await new Promise((resolve) => worker.child.once('exit', resolve))
}

/** Runs JOBS jobs on `processes` workers; returns the API requests they took and the wall time. */
async function queueRound(redis, server, processes) {
  const queueName = `bench-${randomUUID().slice(0, 8)}`
  const connection = { host: redis.host, port: redis.port }
  const env = {
    PARADIME_API_ENDPOINT: server.url,
    PARADIME_API_KEY: 'bench-key',
    PARADIME_API_SECRET: 'bench-secret-0123456789',
    REDIS_URL: redis.url,
    DINOAI_QUEUE: queueName,
  }
  const workers = Array.from({ length: processes }, (_, i) =>
    startWorker(`bench-${i}`, Math.ceil(JOBS / processes), env),
  )
  await Promise.all(workers.map((w) => w.ready))
  const producer = createAgentRunQueue({ connection, queueName })
  const events = new QueueEvents(queueName, { connection })
  await events.waitUntilReady()
  let done = 0
  const all = new Promise((resolve) => {
    events.on('completed', () => {
      if (++done === JOBS) resolve()
    })
  })
  const before = server.requests.length
  const started = performance.now()
  await Promise.all(
    Array.from({ length: JOBS }, (_, i) => producer.enqueue({ agent: 'bench', message: `job ${i}` })),
  )
  await all
  const ms = performance.now() - started
  const requests = server.requests.length - before
  await Promise.all(workers.map(stop))
  await events.close()
  await producer.close()
  return { requests, ms }
}

/** The same runs driven by one client in this process, over the same HTTP mock. */
async function directRound(server) {
  const client = createDinoAiClient({
    endpoint: server.url,
    apiKey: 'bench-key',
    apiSecret: 'bench-secret-0123456789',
  })
  const started = performance.now()
  await Promise.all(
    Array.from({ length: JOBS }, (_, i) =>
      client.triggerRunAndWait({ agent: 'bench', message: `direct ${i}` }, WAIT),
    ),
  )
  return performance.now() - started
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const redis = await startRedisServer()
const server = await startMockDinoAiServer()
server.script({ agent: 'bench' }, SCRIPT)
const one = []
const three = []
const direct = []
try {
  for (let round = 0; round < ROUNDS; round++) {
    one.push(await queueRound(redis, server, 1))
    three.push(await queueRound(redis, server, 3))
    direct.push(await directRound(server))
  }
} finally {
  await server.close()
  await redis.stop()
}

const perRunOne = median(one.map((r) => r.requests)) / JOBS
const perRunThree = median(three.map((r) => r.requests)) / JOBS
const jobsPerSecond = JOBS / (median(three.map((r) => r.ms)) / 1000)
const directPerSecond = JOBS / (median(direct) / 1000)
console.log(
  `requests per run: 3 workers ${perRunThree.toFixed(2)}, 1 worker ${perRunOne.toFixed(2)}, unbatched ${1 + READS}`,
)
console.log(
  `jobs per second: 3 workers ${jobsPerSecond.toFixed(0)}, direct client ${directPerSecond.toFixed(0)}`,
)

const distribution = perRunThree / perRunOne
reportFigure({
  id: 'queue-requests-per-run',
  title: `API requests per run, ${JOBS} jobs on 3 worker processes against one process (medians of ${ROUNDS})`,
  ours: { label: '3 workers', value: perRunThree, unit: 'requests/run' },
  baseline: { label: '1 worker', value: perRunOne, unit: 'requests/run' },
  ratio: distribution,
  ratioText: `${distribution.toFixed(2)}x the one-process requests`,
  details: [
    `each run needs 1 trigger and ${READS} reads; read one by one that is ${1 + READS} requests per run, so 3 workers need ${((1 + READS) / perRunThree).toFixed(1)}x fewer than unbatched reads`,
  ],
})
const throughput = jobsPerSecond / directPerSecond
reportFigure({
  id: 'queue-jobs-per-second',
  title: `Jobs per second end to end, ${JOBS} jobs on 3 worker processes against one client driving the same runs (medians of ${ROUNDS})`,
  ours: { label: '3 workers', value: jobsPerSecond, unit: 'jobs/s' },
  baseline: { label: 'one client, no queue', value: directPerSecond, unit: 'runs/s' },
  ratio: throughput,
  ratioText: `${throughput.toFixed(2)}x the direct rate`,
  details: [
    `polls every 40 ms; the mock moves a run one step per read (${READS} reads a run), so the figure is the queue's overhead (job hand-out, session id and progress in Redis, steps followed for progress), not the agents' time`,
  ],
})
