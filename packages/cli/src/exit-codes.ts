import { isTerminalStatus } from '@dinoai/operations'

/**
 * The `dinoai` exit codes. CI jobs branch on them, so each one means exactly one thing:
 * 0 the run COMPLETED, 1 it ended FAILED, EXPIRED or STOPPED (or the API refused a request),
 * 2 the command line or configuration is wrong, 3 the wait timed out, 130 the user pressed Ctrl-C.
 */
export const EXIT_CODES = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  timeout: 3,
  interrupted: 130,
} as const

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

/**
 * The exit code for a run's final status: 0 for COMPLETED, 1 for any other terminal status.
 * A status that is not terminal (the run is still going) maps to the timeout code, because the
 * only way to stop waiting on a live run is to give up on it.
 */
export function exitCodeForStatus(status: string): ExitCode {
  if (status === 'COMPLETED') return EXIT_CODES.ok
  if (isTerminalStatus(status)) return EXIT_CODES.runFailed
  return EXIT_CODES.timeout
}
