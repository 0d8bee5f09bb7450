import { redactSecrets } from '@dinoai/client'
import { EXIT_CODES, type ExitCode } from './exit-codes.js'

/** A command-line mistake found by the CLI itself (exit 2). */
export class CliUsageError extends Error {
  override name = 'CliUsageError'
}

interface CodedError {
  code?: unknown
  message?: unknown
  toJSON?: () => Record<string, unknown>
}

// The client's error codes that mean the API or the network failed the request, not the run:
// no answer, 429 or 5xx after the retries, an answer that is not valid, a GraphQL error or an
// `ok: false` (an unknown session, an older API without the operation).
const REQUEST_FAILURES: ReadonlySet<string> = new Set([
  'NETWORK',
  'RATE_LIMITED',
  'SERVER',
  'BAD_RESPONSE',
  'GRAPHQL',
  'NOT_ACCEPTED',
])

/**
 * The exit code for an error that ended a command. The client's errors carry a stable `code`: bad
 * input and rejected credentials are configuration problems (2), a wait timeout is 3, a failed
 * request is 4, and a wait that saw the run fail is 1. An error that is none of these (a fault of the
 * CLI itself) is 1, so that a CI job does not retry it.
 */
export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof CliUsageError) return EXIT_CODES.usage
  const code = (error as CodedError | null)?.code
  if (code === 'VALIDATION' || code === 'AUTHENTICATION') return EXIT_CODES.usage
  if (code === 'WAIT_TIMEOUT') return EXIT_CODES.timeout
  if (typeof code === 'string' && REQUEST_FAILURES.has(code)) return EXIT_CODES.requestFailed
  return EXIT_CODES.runFailed
}

/** Options of {@link describeError}. */
export interface DescribeErrorOptions {
  verbose: boolean
  /**
   * Strings to mask wherever they appear (the API secret), in case an error echoes one. As in the
   * client's own errors, secrets shorter than 6 characters are left as they are.
   */
  secrets: readonly string[]
}

/**
 * An error as the user reads it: one line by default; with `--verbose`, the request facts (HTTP
 * status, request id, operation), the cause chain and the stack under it.
 */
export function describeError(error: unknown, { verbose, secrets }: DescribeErrorOptions): string[] {
  const e = error as CodedError | null
  const message = error instanceof Error ? error.message : String(error)
  const code = typeof e?.code === 'string' && !(error instanceof CliUsageError) ? ` [${e.code}]` : ''
  const lines = [`error${code}: ${message}`]
  if (verbose) {
    const details = typeof e?.toJSON === 'function' ? e.toJSON() : undefined
    if (details) {
      for (const [key, value] of Object.entries(details)) {
        if (key === 'message' || key === 'code' || value === undefined) continue
        lines.push(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
      }
    }
    let cause = error instanceof Error ? error.cause : undefined
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      const causeCode = (cause as CodedError).code
      const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
      lines.push(`  caused by: ${text}${typeof causeCode === 'string' ? ` (${causeCode})` : ''}`)
      cause = cause instanceof Error ? cause.cause : undefined
    }
    if (error instanceof Error && error.stack)
      lines.push(
        ...error.stack
          .split('\n')
          .slice(1)
          .map((l) => `  ${l.trim()}`),
      )
  }
  return lines.map((line) => redactSecrets(line, secrets))
}
