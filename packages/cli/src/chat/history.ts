import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import { redactSecrets } from '@dinoai/client'

/** How many prompt lines `dinoai chat` remembers: enough to scroll back, small enough to rewrite per line. */
export const HISTORY_LIMIT = 500

/**
 * The chat history file: `$XDG_CONFIG_HOME/dinoai/history`, or `~/.config/dinoai/history` when
 * XDG_CONFIG_HOME is unset or not absolute (the XDG spec says to ignore a relative value).
 */
export function historyPath(
  env: Readonly<Record<string, string | undefined>>,
  home: string = env.HOME || homedir(),
): string {
  const xdg = env.XDG_CONFIG_HOME
  const configDir = xdg && isAbsolute(xdg) ? xdg : join(home, '.config')
  return join(configDir, 'dinoai', 'history')
}

// Things people paste by mistake that must never reach a file: Paradime tokens, `secret=...`-style
// assignments, and the usual vendor token shapes.
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /\bprdm_[a-z]+_\S+/i,
  /\b(?:api[_-]?key|api[_-]?secret|secret|token|password|passwd)\s*[:=]\s*\S+/i,
  /\bPARADIME_API_(?:KEY|SECRET)\b/,
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}/,
  /\b(?:ghp|gho|ghs|ghu|github_pat|xox[abp])_?[A-Za-z0-9_-]{16,}/,
]

/**
 * Whether a prompt line may be written to the history file: not blank, and free of the configured
 * credentials (as the client's `redactSecrets` finds them) and of anything shaped
 * like a credential. A rejected line is still sent; it is only never remembered on disk.
 */
export function isHistorySafe(line: string, secrets: readonly string[]): boolean {
  if (line.trim() === '') return false
  // The client's redaction rule decides what counts as containing a secret (6 characters or more).
  if (redactSecrets(line, secrets) !== line) return false
  return !CREDENTIAL_PATTERNS.some((pattern) => pattern.test(line))
}

/** The history file, read once and rewritten (bounded, filtered) after every prompt line. */
export interface HistoryStore {
  /** The remembered lines, newest first (readline's order). */
  readonly entries: readonly string[]
  /** Saves readline's history (newest first): safe lines only, at most HISTORY_LIMIT. */
  save(newestFirst: readonly string[]): void
}

/** Options of {@link openHistory}. */
export interface HistoryOptions {
  path: string
  /** The configured credentials, never written. */
  secrets: readonly string[]
  /** Told once when the file cannot be written (the chat goes on without it). */
  onError?: (message: string) => void
}

/**
 * Opens the history file (oldest line first on disk, one per line, like a shell's). A missing or
 * unreadable file is an empty history; a file that cannot be written is reported once, never fatal.
 */
export function openHistory({ path, secrets, onError }: HistoryOptions): HistoryStore {
  let entries = readLines(path)
    .filter((line) => isHistorySafe(line, secrets))
    .slice(-HISTORY_LIMIT)
    .reverse()
  let failed = false
  return {
    get entries() {
      return entries
    },
    save(newestFirst) {
      entries = newestFirst.filter((line) => isHistorySafe(line, secrets)).slice(0, HISTORY_LIMIT)
      try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
        // Owner-only: a prompt line can still be private even when it is not a credential.
        writeFileSync(path, entries.length > 0 ? `${[...entries].reverse().join('\n')}\n` : '', {
          mode: 0o600,
        })
        chmodSync(path, 0o600)
      } catch (error) {
        if (!failed) onError?.(`History not saved to ${path}: ${(error as Error).message}`)
        failed = true
      }
    },
  }
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
  } catch {
    return []
  }
}
