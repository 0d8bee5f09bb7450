/**
 * Waiting for a job's run: a `watchRun` on the worker's one client (so every job of the process
 * shares its batched poller), job progress on each status change and step, and the final run as
 * the job's return value.
 */
import type { DinoAiAgentRun, DinoAiClient, WaitOptions, WatchEvent } from '@dinoai/client'
import type { Job } from 'bullmq'
import { AgentRunFailure } from './failures.js'
import type { AgentRunJobData, AgentRunProgress, AgentRunResult } from './job.js'

/** The wait options a worker passes to every watch (the signal is the job's own). */
export type WorkerWaitOptions = Pick<WaitOptions, 'timeoutMs' | 'pollIntervalMs' | 'minDelayMs' | 'jitter'>

/** The final run, as a job returns it. */
export function resultOf(run: DinoAiAgentRun, steps: number | null): AgentRunResult {
  return {
    agentSessionId: run.agentSessionId,
    status: run.status,
    lastAgentMessage: run.messages.findLast((m) => m.role !== 'user')?.content ?? null,
    childSessionIds: [...run.childSessionIds],
    steps,
  }
}

const FAILURE_OF_STATUS = { STOPPED: 'RUN_STOPPED', EXPIRED: 'RUN_EXPIRED' } as const

function failedRun(run: DinoAiAgentRun): AgentRunFailure {
  const reason =
    run.status === 'STOPPED' || run.status === 'EXPIRED' ? FAILURE_OF_STATUS[run.status] : 'RUN_FAILED'
  const answer = run.messages.findLast((m) => m.role !== 'user')?.content
  const said = answer ? ` The agent said: ${answer.length > 500 ? `${answer.slice(0, 499)}…` : answer}` : ''
  return new AgentRunFailure(reason, `run ${run.agentSessionId} ended ${run.status}.${said}`)
}

/**
 * Watches `agentSessionId` until it settles and resolves with the final run; a run that ends
 * FAILED, EXPIRED or STOPPED fails the job for good. Aborting `signal` ends the watch with its
 * reason. With `steps`, progress counts agent steps (a resumed watch sees every step once again).
 */
export async function followRun(
  job: Job<AgentRunJobData>,
  agentSessionId: string,
  client: DinoAiClient,
  options: { wait: WorkerWaitOptions; steps: boolean; signal: AbortSignal },
): Promise<AgentRunResult> {
  let steps = options.steps ? 0 : null
  let status: string | undefined
  const report = (run: { status: string }) => {
    status = run.status
    const progress: AgentRunProgress = { agentSessionId, status, steps }
    return job.updateProgress({ ...progress })
  }
  const events: AsyncIterable<WatchEvent> = client.watchRun(agentSessionId, {
    ...options.wait,
    steps: options.steps,
    signal: options.signal,
  })
  for await (const event of events) {
    if (event.type === 'status') await report(event.run)
    else if (event.type === 'step' && steps !== null) {
      steps += 1
      await report({ status: status ?? event.run.status })
    } else if (event.type === 'completed') {
      await report(event.run)
      return resultOf(event.run, steps)
    } else if (event.type === 'failed') {
      await report(event.run)
      throw failedRun(event.run)
    }
  }
  throw new Error(`watchRun ended without a final event for ${agentSessionId}`)
}
