import type { DinoAiAgentRunStatus } from './generated/graphql.js'

/** Every run status this version of the schema knows, in lifecycle order. */
export const RUN_STATUSES = [
  'QUEUED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'EXPIRED',
  'STOPPED',
] as const satisfies readonly DinoAiAgentRunStatus[]

/** The statuses after which a run does no more work until it gets a follow-up message. */
export const TERMINAL_RUN_STATUSES = [
  'COMPLETED',
  'FAILED',
  'EXPIRED',
  'STOPPED',
] as const satisfies readonly DinoAiAgentRunStatus[]

/** A terminal run status: COMPLETED, FAILED, EXPIRED or STOPPED. */
export type TerminalRunStatus = (typeof TERMINAL_RUN_STATUSES)[number]

/** The terminal statuses that mean the run did not succeed: FAILED, EXPIRED or STOPPED. */
export type FailedRunStatus = Exclude<TerminalRunStatus, 'COMPLETED'>

const terminal: ReadonlySet<string> = new Set(TERMINAL_RUN_STATUSES)

/**
 * Whether a status ends a run. The server has added statuses before (EXPIRED, STOPPED), so the
 * argument is any string: a status this schema does not know is not terminal, and a poller keeps going.
 */
export function isTerminalStatus(status: string): status is TerminalRunStatus {
  return terminal.has(status)
}

/** Whether a status is one this version of the schema knows. */
export function isKnownStatus(status: string): status is DinoAiAgentRunStatus {
  return (RUN_STATUSES as readonly string[]).includes(status)
}
