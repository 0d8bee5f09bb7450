// Drives `dinoai chat` in-process: a PassThrough stdin that says it is a terminal (readline then
// handles Ctrl-C, Ctrl-D and arrows as keys), output collected as text, the in-process mock behind
// a client whose clock never sleeps in real time.
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { type Clock, createDinoAiClient } from '@dinoai/client'
import type { MockDinoAi } from '@dinoai/testing'
import { runCli } from '../src/index.js'
import { ESC } from './spawn-cli.js'
import { tempDir } from './temp-dir.js'

export const CHAT_ENV = {
  PARADIME_API_ENDPOINT: 'https://dinoai.mock/graphql',
  PARADIME_API_KEY: 'chat-key-123',
  PARADIME_API_SECRET: 'chat-secret-456',
}

/** Virtual time without jitter: a sleep moves the clock and yields one macrotask (so key presses get through), never waits. */
export function virtualClock(): Clock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason)
          return
        }
        sleeps.push(ms)
        now += ms
        setImmediate(resolve)
      }),
    // No jitter: delays are exactly the client's backoff.
    random: () => 0,
  }
}

/**
 * A fresh prompt: `> ` at the start of a line (after readline's cursor codes). readline also redraws
 * the prompt in place (history recall, Ctrl-U), without a newline before it: that is not a new one.
 */
export const FRESH_PROMPT = new RegExp(`\\n(?:${ESC}\\[[0-9;]*[A-Za-z])*> `)

export interface ChatDriver {
  /** Resolves once the output (stdout and stderr, since the start) matches `pattern`, `count` times. */
  until(pattern: RegExp, count?: number): Promise<void>
  /** Types into the "terminal": `\r` is Enter, `\u0003` Ctrl-C, `\u0004` Ctrl-D, `\u001b[A` Up. */
  type(keys: string): void
  stdout(): string
  stderr(): string
  code: Promise<number>
  clock: ReturnType<typeof virtualClock>
  configHome: string
}

/** Starts `dinoai chat ARGS` against `mock`; `configHome` is XDG_CONFIG_HOME (by default a fresh temp dir, removed after the test). */
export function startChat(
  mock: MockDinoAi,
  args: readonly string[],
  options: { configHome?: string; tty?: boolean; input?: string } = {},
): ChatDriver {
  const configHome = options.configHome ?? tempDir('dinoai-chat-')
  const clock = virtualClock()
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? true })
  if (options.input !== undefined) stdin.end(options.input)
  let stdout = ''
  let stderr = ''
  const waiters: Array<() => void> = []
  const check = () => {
    for (const waiter of [...waiters]) waiter()
  }
  const code = runCli(['chat', ...args], {
    env: { ...CHAT_ENV, XDG_CONFIG_HOME: configHome, HOME: join(configHome, 'home') },
    stdout: {
      write: (chunk: string) => {
        stdout += chunk
        check()
      },
    },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk
        check()
      },
    },
    stdin,
    isTTY: false,
    createClient: (o) => createDinoAiClient({ ...o, fetch: mock.fetch, clock, requestTimeoutMs: 0 }),
  })
  return {
    code,
    clock,
    configHome,
    stdout: () => stdout,
    stderr: () => stderr,
    type: (keys) => stdin.write(keys),
    until(pattern, count = 1) {
      const global = new RegExp(
        pattern.source,
        pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
      )
      const matched = () => (stdout + stderr).match(global)?.length ?? 0
      return new Promise((resolve, reject) => {
        const waiter = () => {
          if (matched() >= count) {
            waiters.splice(waiters.indexOf(waiter), 1)
            resolve()
          }
        }
        waiters.push(waiter)
        code.then(() => {
          if (matched() < count)
            reject(new Error(`chat ended before ${pattern}; output:\n${stdout}\n${stderr}`))
        }, reject)
        waiter()
      })
    },
  }
}

/** Join path parts of the history file under a config home. */
export function historyFileIn(configHome: string): string {
  return join(configHome, 'dinoai', 'history')
}
