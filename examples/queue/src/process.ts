/**
 * One job, start to end: trigger its run once (or resume the one it stored), wait for it, and stop
 * it when the job is cancelled. On shutdown a waiting job goes straight back to the queue, its
 * session id stored, for another worker to resume.
 */
import type { DinoAiClient } from '@dinoai/client'
import { DelayedError, type Job } from 'bullmq'
import { AgentRunFailure } from './failures.js'
import { followRun, type WorkerWaitOptions } from './follow.js'
import type { AgentRunJobData, AgentRunResult } from './job.js'
import { triggerOnce, unknownOutcome } from './trigger.js'

/** What every job of a worker process shares. */
export interface ProcessContext {
  client: DinoAiClient
  worker: string
  wait: WorkerWaitOptions
  steps: boolean
  lockDuration: number
  /** Aborted when the worker shuts down. */
  shutdown: AbortSignal
  /** Called as a job starts, and once its run is triggered. */
  onEvent: (
    event: { type: 'started'; resumed: boolean } | { type: 'triggered'; agentSessionId: string },
  ) => void
}

/** Puts a held job back in the queue at once, without using up an attempt. */
async function handBack(job: Job<AgentRunJobData>, token: string | undefined): Promise<never> {
  if (token === undefined) throw new Error(`Job ${job.id} has no lock token to hand it back with.`)
  await job.moveToDelayed(Date.now(), token)
  throw new DelayedError()
}

async function waitOrStop(
  job: Job<AgentRunJobData>,
  token: string | undefined,
  agentSessionId: string,
  context: ProcessContext,
  cancel: AbortSignal,
): Promise<AgentRunResult> {
  const signal = AbortSignal.any([cancel, context.shutdown])
  try {
    return await followRun(job, agentSessionId, context.client, {
      wait: context.wait,
      steps: context.steps,
      signal,
    })
  } catch (error) {
    if (cancel.aborted) {
      // If the stop fails, the job fails as usual and its retry stops the run: the cancel request
      // is retained, so the retry sees it too.
      const stopped = await context.client.stopRun(agentSessionId)
      throw new AgentRunFailure('CANCELLED', `run ${agentSessionId} was stopped (now ${stopped.status}).`)
    }
    if (context.shutdown.aborted) return handBack(job, token)
    throw error
  }
}

/** Processes one agent-run job; `cancel` aborts when someone cancels it. */
export async function processAgentRun(
  job: Job<AgentRunJobData>,
  token: string | undefined,
  cancel: AbortSignal,
  context: ProcessContext,
): Promise<AgentRunResult> {
  let agentSessionId = job.data.agentSessionId
  context.onEvent({ type: 'started', resumed: agentSessionId !== undefined })
  if (agentSessionId === undefined) {
    if (job.data.trigger) {
      throw unknownOutcome(
        job.data.trigger,
        'A worker stopped after it began to trigger this job, before it stored the session id.',
      )
    }
    if (cancel.aborted)
      throw new AgentRunFailure('CANCELLED', 'cancelled before its run was triggered; nothing was sent.')
    if (context.shutdown.aborted) return handBack(job, token)
    agentSessionId = await triggerOnce(job, token, context.client, context.worker, context.lockDuration)
    context.onEvent({ type: 'triggered', agentSessionId })
  }
  return waitOrStop(job, token, agentSessionId, context, cancel)
}
