// The built CLI in a pseudo-terminal (util-linux `script`) that a test can type into: stdin and
// stdout are a real terminal, so readline gets raw keys (Ctrl-C is a key, not a signal) and the
// renderer colours and spins, as for a person.
import { spawn } from 'node:child_process'
import { stripVTControlCharacters } from 'node:util'
import { assertBuilt, BIN, baseEnv } from './spawn-cli.js'

/** How long `until` waits for the terminal to show something. */
export const UNTIL_MS = 8000

export interface Terminal {
  /** Everything the terminal showed so far, control codes removed. */
  screen(): string
  /** Everything, with control codes. */
  raw(): string
  /** Resolves once the screen matches `pattern` `count` times; rejects if the process ends first or after UNTIL_MS. */
  until(pattern: RegExp, count?: number): Promise<void>
  /** Types keys: `\r` Enter, `\u0003` Ctrl-C, `\u0004` Ctrl-D, `\u001b[A` Up. */
  type(keys: string): void
  /** The command's exit code (`script -e` passes it through). */
  exit: Promise<number>
  /** Ends the terminal session (after a failed test), if it is still running. */
  kill(): void
}

/** Starts `dinoai ARGS` in a pseudo-terminal with a minimal environment plus `env`. */
export function startInTerminal(args: readonly string[], env: Record<string, string>): Terminal {
  assertBuilt()
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ')
  const child = spawn('script', ['-qfec', quoted, '/dev/null'], {
    env: baseEnv({ TERM: 'xterm-256color', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let raw = ''
  const waiters = new Set<() => void>()
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk
    for (const waiter of [...waiters]) waiter()
  })
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? Number.NaN))
  })
  const screen = () => stripVTControlCharacters(raw)
  return {
    screen,
    raw: () => raw,
    exit,
    type: (keys) => child.stdin.write(keys),
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL')
    },
    until(pattern, count = 1) {
      const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`
      const global = new RegExp(pattern.source, flags)
      const seen = () => screen().match(global)?.length ?? 0
      return new Promise((resolve, reject) => {
        // Well inside the test timeout, so that a failure shows what the terminal showed.
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`not shown within ${UNTIL_MS} ms: ${pattern} x${count}; screen:\n${screen()}`))
        }, UNTIL_MS)
        const waiter = () => {
          if (seen() < count) return
          clearTimeout(timer)
          waiters.delete(waiter)
          resolve()
        }
        waiters.add(waiter)
        exit.then(() => {
          clearTimeout(timer)
          if (seen() < count) reject(new Error(`ended before showing ${pattern} x${count}:\n${screen()}`))
        }, reject)
        waiter()
      })
    },
  }
}
