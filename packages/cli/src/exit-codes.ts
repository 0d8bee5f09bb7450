import { isTerminalStatus } from '@dinoai/operations'

/**
 * The `dinoai` exit codes. CI jobs branch on them, so each one means one thing: 0 the run COMPLETED,
 * 1 it ended FAILED, EXPIRED or STOPPED, 2 the command line or configuration is wrong, 3 the wait
 * timed out, 4 the API or the network failed a request (worth retrying; the run may not have
 * started), 130 the user pressed Ctrl-C.
 */
export const EXIT_CODES = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  timeout: 3,
  requestFailed: 4,
  interrupted: 130,
} as const

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

/** What each exit code means, for `--help` (the READMEs say the same); `\n` breaks a long one. */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: 'the run COMPLETED',
  1: 'the run ended FAILED, EXPIRED or STOPPED',
  2: 'usage or configuration error (bad flags, missing or rejected credentials, a message too long)',
  3: '--timeout reached (the run keeps going; resume with dinoai watch SESSION)',
  4: 'the API or the network failed a request (no answer, HTTP 429 or 5xx, an invalid answer, a\nrefused request): the run may not have started or may go on, and retrying the job can help',
  130: 'interrupted with Ctrl-C (the run keeps going; resume with dinoai watch SESSION)',
}

/** The `Exit codes:` block of a help text, for these codes (default: all of them). */
export function exitCodeHelp(codes: readonly ExitCode[] = Object.values(EXIT_CODES)): string {
  const lines = codes.map(
    (code) => `  ${String(code).padEnd(5)}${EXIT_CODE_MEANINGS[code].replaceAll('\n', `\n${' '.repeat(7)}`)}`,
  )
  return `Exit codes:\n${lines.join('\n')}`
}

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
