/**
 * Why a job failed for good. BullMQ keeps only an error's message (`job.failedReason`), so the reason
 * is its first word, `DINOAI_<REASON>:`, and `failureReason` reads it back.
 */
import { UnrecoverableError } from 'bullmq'

/**
 * - OUTCOME_UNKNOWN: the trigger may have reached the API but its session id was never stored (the
 *   worker died, or the answer was lost). The API has no idempotency key and no way to list runs,
 *   so the job is not triggered again: an operator decides (see `resolveUnknownOutcome`).
 * - RUN_FAILED, RUN_EXPIRED, RUN_STOPPED: the run ended so; waiting again would change nothing.
 * - CANCELLED: the job was cancelled; its run, if it had one, was stopped.
 * - INVALID_INPUT: the client refused the input before sending anything.
 */
export type AgentRunFailureReason =
  | 'OUTCOME_UNKNOWN'
  | 'RUN_FAILED'
  | 'RUN_EXPIRED'
  | 'RUN_STOPPED'
  | 'CANCELLED'
  | 'INVALID_INPUT'

const REASONS: ReadonlySet<AgentRunFailureReason> = new Set<AgentRunFailureReason>([
  'OUTCOME_UNKNOWN',
  'RUN_FAILED',
  'RUN_EXPIRED',
  'RUN_STOPPED',
  'CANCELLED',
  'INVALID_INPUT',
])

/**
 * A failure retrying cannot fix: a BullMQ `UnrecoverableError`, so BullMQ fails the job at once,
 * whatever attempts are left.
 */
export class AgentRunFailure extends UnrecoverableError {
  readonly reason: AgentRunFailureReason

  constructor(reason: AgentRunFailureReason, detail: string, options?: { cause?: unknown }) {
    super(`DINOAI_${reason}: ${detail}`)
    this.reason = reason
    if (options && 'cause' in options) this.cause = options.cause
  }
}

/** The reason in a failed job's `failedReason`, or undefined for a failure that is not one of ours. */
export function failureReason(failedReason: string | null | undefined): AgentRunFailureReason | undefined {
  const reason = /^DINOAI_([A-Z_]+):/.exec(failedReason ?? '')?.[1]
  return reason !== undefined && isReason(reason) ? reason : undefined
}

function isReason(text: string): text is AgentRunFailureReason {
  return (REASONS as ReadonlySet<string>).has(text)
}
