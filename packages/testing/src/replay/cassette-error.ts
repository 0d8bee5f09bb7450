/** What went wrong with a cassette; the CLI's `dinoai cassette check` exit code follows it. */
export type CassetteErrorKind =
  /** The file cannot be read, or is being recorded over without `overwrite`. */
  | 'unreadable'
  /** A line is not JSON or not an exchange (a cut-short line, a hand edit gone wrong). */
  | 'format'
  /** A recorded answer no longer fits the current schema: re-record the cassette. */
  | 'stale'
  /** A replay ended with recorded exchanges unused or requests that matched none (`assertDone`). */
  | 'incomplete'

/**
 * A cassette that cannot be used as it is: its message starts with `file:line:` when one line is
 * to blame, and says how to fix it. `kind` tells the cases apart.
 */
export class CassetteError extends Error {
  override readonly name = 'CassetteError'
  readonly kind: CassetteErrorKind
  /** The cassette file, as it was given. */
  readonly file: string
  /** The 1-based line to blame, if one is. */
  readonly line: number | undefined
  /** The message without its `file:line:` prefix. */
  readonly reason: string

  constructor(kind: CassetteErrorKind, file: string, line: number | undefined, reason: string) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${reason}`)
    this.kind = kind
    this.file = file
    this.line = line
    this.reason = reason
  }
}
