/**
 * What a DinoAI agent-run job holds in Redis: the run to trigger, written by the producer, and where
 * its trigger stands, written only by the worker that holds the job (BullMQ's updateData replaces
 * the whole data, so two writers could erase each other's session id).
 */
import type { TriggerRunInput } from '@dinoai/client'

/** The queue's name when none is given. */
export const DEFAULT_QUEUE_NAME = 'dinoai-agent-runs'

/** Written by a worker just before it sends the trigger. */
export interface TriggerRecord {
  /** When the worker was about to send it (ISO 8601, the worker's wall clock). */
  startedAt: string
  /** The BullMQ worker name of the process that sent it. */
  worker: string
}

/** A job's data: the trigger input, and the worker's record of its trigger. */
export interface AgentRunJobData {
  /** The run to start: `agent`, `message`, `slack`, `baseBranch`, `modelFamily`. */
  input: TriggerRunInput
  /**
   * Present from just before the trigger is sent. Present without `agentSessionId`, the trigger may
   * have reached the API, so the job is never triggered again blindly: it fails as OUTCOME_UNKNOWN.
   */
  trigger?: TriggerRecord
  /** The accepted run's session, stored before the wait starts: a retried job waits on it again. */
  agentSessionId?: string
}

/** `job.progress` while the run goes: its session, status and how many agent steps it has taken. */
export interface AgentRunProgress {
  agentSessionId: string
  status: string
  /** Agent steps seen so far (user turns, tool calls, agent turns); null when steps are off. */
  steps: number | null
}

/** A completed job's return value: the final run. */
export interface AgentRunResult {
  agentSessionId: string
  status: string
  /** The agent's last answer in the transcript, if it gave one. */
  lastAgentMessage: string | null
  /** Sessions the agent spawned. */
  childSessionIds: string[]
  /** Agent steps the run took; null when steps are off. */
  steps: number | null
}
