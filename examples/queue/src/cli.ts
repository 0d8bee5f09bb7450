/**
 * The `dinoai-queue` command: `worker` runs jobs until SIGTERM; `enqueue`, `cancel`, `unknown` and
 * `resolve` are the producer's and the operator's verbs. Every line it prints is one JSON object.
 */
import { parseArgs } from 'node:util'
import { createDinoAiClient, type DinoAiClientOptions, ENV_VARS } from '@dinoai/client'
import type { ConnectionOptions } from 'bullmq'
import { createAgentRunQueue } from './producer.js'
import { type AgentRunWorker, startAgentRunWorker } from './worker.js'

/** What `main` runs with: the arguments after the script, the environment, where to print. */
export interface QueueCliContext {
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  out(line: string): void
  /** Resolves when the worker should stop (SIGTERM/SIGINT in the bin). */
  stopped?: Promise<unknown>
  /** Merged into the worker's client options (tests). */
  clientOptions?: DinoAiClientOptions
}

/** The command's usage. */
export const QUEUE_USAGE = `Usage:
  dinoai-queue worker  [--concurrency N] [--name NAME] [--poll-interval-ms MS] [--min-delay-ms MS]
                       [--timeout-ms MS] [--lock-duration-ms MS] [--stalled-interval-ms MS] [--no-steps]
  dinoai-queue enqueue [--agent NAME] [--message TEXT] [--branch NAME] [--model-family NAME] [--job-id ID]
  dinoai-queue cancel JOB_ID [--reason TEXT]
  dinoai-queue unknown                                  jobs whose trigger may have started a run
  dinoai-queue resolve JOB_ID (--session AGENT_SESSION_ID | --retrigger)

Every command takes --redis URL (REDIS_URL, default redis://127.0.0.1:6379) and --queue NAME
(DINOAI_QUEUE, default dinoai-agent-runs). The worker reads PARADIME_API_ENDPOINT, PARADIME_API_KEY,
PARADIME_API_SECRET and PARADIME_WORKSPACE_UID, and prints one JSON line per job event.`

/** Bad arguments: the message says what is wrong. */
export class QueueUsageError extends Error {
  override name = 'QueueUsageError'
}

/** Redis connection options from a redis:// or rediss:// URL. */
export function connectionFromUrl(text: string): ConnectionOptions {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new QueueUsageError(
      `--redis (or REDIS_URL) must be a URL such as redis://127.0.0.1:6379; got "${text}".`,
    )
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueUsageError(`--redis must be a redis:// or rediss:// URL; got "${text}".`)
  }
  const db = url.pathname.replace(/^\//, '')
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  }
}

const OPTIONS = {
  redis: { type: 'string' },
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  name: { type: 'string' },
  'poll-interval-ms': { type: 'string' },
  'min-delay-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'lock-duration-ms': { type: 'string' },
  'stalled-interval-ms': { type: 'string' },
  'no-steps': { type: 'boolean' },
  agent: { type: 'string' },
  message: { type: 'string' },
  branch: { type: 'string' },
  'model-family': { type: 'string' },
  'job-id': { type: 'string' },
  reason: { type: 'string' },
  session: { type: 'string' },
  retrigger: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

type Values = ReturnType<typeof parse>['values']

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true })
}

function count(values: Values, name: keyof Values & string, env?: string): number | undefined {
  const text = values[name] ?? env
  if (text === undefined || typeof text !== 'string') return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0)
    throw new QueueUsageError(`--${name} must be a whole number >= 0; got "${text}".`)
  return n
}

function defined<T extends object>(object: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }
}

function clientFrom(context: QueueCliContext) {
  const read = (name: string) => context.env[name] || undefined
  return createDinoAiClient({
    endpoint: read(ENV_VARS.endpoint),
    apiKey: read(ENV_VARS.apiKey),
    apiSecret: read(ENV_VARS.apiSecret),
    workspaceUid: read(ENV_VARS.workspaceUid),
    ...context.clientOptions,
  })
}

async function runWorker(
  values: Values,
  context: QueueCliContext,
  base: { connection: ConnectionOptions; queueName: string },
) {
  const print = (object: object) => context.out(JSON.stringify(object))
  const worker: AgentRunWorker = startAgentRunWorker({
    ...base,
    client: clientFrom(context),
    ...defined({
      name: values.name,
      concurrency: count(values, 'concurrency', context.env.DINOAI_WORKER_CONCURRENCY),
      lockDuration: count(values, 'lock-duration-ms'),
      stalledInterval: count(values, 'stalled-interval-ms'),
    }),
    wait: defined({
      pollIntervalMs: count(values, 'poll-interval-ms'),
      minDelayMs: count(values, 'min-delay-ms'),
      timeoutMs: count(values, 'timeout-ms'),
    }),
    steps: !values['no-steps'],
    onEvent: print,
  })
  await worker.ready()
  print({ type: 'ready', worker: worker.name, pid: process.pid })
  await (context.stopped ?? new Promise(() => {}))
  await worker.close()
  print({ type: 'closed', worker: worker.name })
}

async function runProducerVerb(
  verb: string,
  positional: string | undefined,
  values: Values,
  context: QueueCliContext,
  base: { connection: ConnectionOptions; queueName: string },
) {
  const print = (object: object) => context.out(JSON.stringify(object))
  const producer = createAgentRunQueue(base)
  try {
    if (verb === 'enqueue') {
      const input = defined({
        agent: values.agent,
        message: values.message,
        baseBranch: values.branch,
        modelFamily: values['model-family'],
      })
      const job = await producer.enqueue(input, defined({ jobId: values['job-id'] }))
      print({ jobId: job.id, input })
    } else if (verb === 'unknown') {
      for (const job of await producer.unknownOutcomes()) print(job)
    } else {
      if (!positional) throw new QueueUsageError(`${verb} needs a job id.\n\n${QUEUE_USAGE}`)
      if (verb === 'cancel')
        print({ jobId: positional, outcome: await producer.cancel(positional, values.reason) })
      else if (values.session)
        await producer.resolveUnknownOutcome(positional, { agentSessionId: values.session })
      else if (values.retrigger) await producer.resolveUnknownOutcome(positional, { retrigger: true })
      else
        throw new QueueUsageError(
          `resolve needs --session AGENT_SESSION_ID or --retrigger.\n\n${QUEUE_USAGE}`,
        )
      if (verb === 'resolve') print({ jobId: positional, resolved: values.session ?? 'retrigger' })
    }
  } finally {
    await producer.close()
  }
}

/** Runs the command; resolves with its exit code (0 done, 2 bad usage). */
export async function main(context: QueueCliContext): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(context.argv)
  } catch (error) {
    context.out(
      JSON.stringify({
        error: `${error instanceof Error ? error.message : String(error)}\n\n${QUEUE_USAGE}`,
      }),
    )
    return 2
  }
  const { values, positionals } = parsed
  const [verb, positional] = positionals
  if (values.help || verb === undefined) {
    context.out(QUEUE_USAGE)
    return values.help ? 0 : 2
  }
  try {
    const base = {
      connection: connectionFromUrl(values.redis ?? context.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
      queueName: values.queue ?? context.env.DINOAI_QUEUE ?? 'dinoai-agent-runs',
    }
    if (verb === 'worker') await runWorker(values, context, base)
    else if (['enqueue', 'cancel', 'unknown', 'resolve'].includes(verb))
      await runProducerVerb(verb, positional, values, context, base)
    else throw new QueueUsageError(`Unknown command "${verb}".\n\n${QUEUE_USAGE}`)
    return 0
  } catch (error) {
    if (error instanceof QueueUsageError) {
      context.out(JSON.stringify({ error: error.message }))
      return 2
    }
    throw error
  }
}
