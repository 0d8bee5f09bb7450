/**
 * Triggering a job's run so that it can never start twice: the worker records that it is about to
 * send the trigger before it sends it, and the session id as soon as the API accepts it. Between the
 * two, nobody can know whether a run started, so a job found in that state is never triggered again.
 */
import {
  DinoAiAuthenticationError,
  type DinoAiClient,
  DinoAiGraphQLError,
  DinoAiNetworkError,
  DinoAiNotAcceptedError,
  DinoAiRateLimitError,
  DinoAiValidationError,
} from '@dinoai/client'
import type { Job } from 'bullmq'
import { AgentRunFailure } from './failures.js'
import type { AgentRunJobData, TriggerRecord } from './job.js'

/**
 * Whether a failed trigger provably started no run: the request never left (the client's own
 * check, a connection refused before sending), or the API answered without starting one (401/403,
 * 429, `ok: false`, a GraphQL error instead of a session). Anything else (a timeout, a dropped
 * connection, a 5xx, an answer we could not read) may have started a run.
 */
export function startedNoRun(error: unknown): boolean {
  if (error instanceof DinoAiNetworkError) return error.notSent
  return (
    error instanceof DinoAiValidationError ||
    error instanceof DinoAiAuthenticationError ||
    error instanceof DinoAiRateLimitError ||
    error instanceof DinoAiNotAcceptedError ||
    error instanceof DinoAiGraphQLError
  )
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${'code' in error ? `${String(error.code)} ` : ''}${error.message}`
  return String(error)
}

/** The OUTCOME_UNKNOWN failure of a job whose trigger record has no session id. */
export function unknownOutcome(record: TriggerRecord, why: string, cause?: unknown): AgentRunFailure {
  return new AgentRunFailure(
    'OUTCOME_UNKNOWN',
    `${why} The trigger sent at ${record.startedAt} by worker ${record.worker} may have started a run, but no session id was stored, so it is not sent again. Find the run in DinoAI (same agent and message, started about then) and resolve the job with its session id, or retrigger it if no run started.`,
    cause === undefined ? undefined : { cause },
  )
}

/**
 * Sends the job's trigger and stores the accepted session id in the job before resolving with it.
 * `token` is the job's lock: it is checked (and renewed) right before the record is written, so a
 * worker that lost the job to another one never sends a second trigger.
 */
export async function triggerOnce(
  job: Job<AgentRunJobData>,
  token: string | undefined,
  client: DinoAiClient,
  worker: string,
  lockDuration: number,
): Promise<string> {
  const input = job.data.input
  if (token !== undefined && (await job.extendLock(token, lockDuration)) !== 1) {
    throw new Error(`Job ${job.id} is no longer locked by worker ${worker}: another worker holds it.`)
  }
  const record: TriggerRecord = { startedAt: new Date().toISOString(), worker }
  await job.updateData({ input, trigger: record })
  let agentSessionId: string
  try {
    // No abort signal: a trigger cancelled in flight may still have reached the API. A cancelled
    // job lets its trigger finish, then stops the run.
    agentSessionId = (await client.triggerRun(input)).agentSessionId
  } catch (error) {
    if (!startedNoRun(error)) {
      throw unknownOutcome(
        record,
        `The trigger failed after it may have reached the API (${describe(error)}).`,
        error,
      )
    }
    // Provably no run: forget the record, so that a retry triggers afresh.
    await job.updateData({ input })
    if (error instanceof DinoAiValidationError) {
      throw new AgentRunFailure('INVALID_INPUT', error.message, { cause: error })
    }
    throw error
  }
  await job.updateData({ input, trigger: record, agentSessionId })
  return agentSessionId
}
