import { createDinoAiClient } from '@dinoai/client'
import type { GlobalOptions } from './args.js'
import type { CliClient, CliClientOptions } from './client-port.js'
import type { OutputStream, Renderer, RendererOptions } from './output/render.js'
import { rendererFor } from './output/renderers.js'
import { type CliInput, readPipedMessage } from './stdin.js'

/** Everything runCli touches, injectable so it can run in-process (tests, embedding) as well as from bin. */
export interface RunCliOptions {
  /** Environment for credentials and colour (PARADIME_*, NO_COLOR, FORCE_COLOR, CI). Default process.env. */
  env?: Readonly<Record<string, string | undefined>>
  /** Where results go. Default process.stdout. */
  stdout?: OutputStream
  /** Where diagnostics, hints and the spinner go. Default process.stderr. */
  stderr?: OutputStream
  /** Where a message may be piped in. Default process.stdin; ignored when it is a TTY. */
  stdin?: CliInput | undefined
  /** Whether a person is watching stdout: Markdown, colour and a spinner. Default `stdout.isTTY`. */
  isTTY?: boolean
  /** Builds the API client from the resolved credentials. Default `createDinoAiClient` of @dinoai/client. */
  createClient?: (options: CliClientOptions) => CliClient
  /** Abort it to stop waiting, as Ctrl-C does: the command returns 130 and prints how to resume. */
  signal?: AbortSignal
  /** Milliseconds since the epoch, for elapsed times. Default Date.now. */
  now?: () => number
  /** Where relative paths (`dinoai schema --out`, `--documents`) start. Default process.cwd(). */
  cwd?: string
}

/** Everything a command implementation needs, resolved from RunCliOptions and the global flags. */
export interface CliEnvironment {
  env: Readonly<Record<string, string | undefined>>
  stdout: OutputStream
  stderr: OutputStream
  /** The raw stdin, for the interactive chat. */
  stdin: CliInput | undefined
  signal: AbortSignal
  now: () => number
  /** Where relative paths start. */
  cwd: string
  /** Writes one line to stderr. */
  errLine(line: string): void
  /** The message piped on stdin, read when a command needs it; undefined from a terminal. */
  readStdin(): Promise<string | undefined>
  /** Builds a renderer for a command's output flags (`followUpHint: false` for the chat). */
  renderer(
    global: GlobalOptions & { json?: boolean },
    extra?: Pick<RendererOptions, 'followUpHint'>,
  ): Renderer
  createClient: (options: CliClientOptions) => CliClient
}

/** The environment of one runCli call: the options, with the process's streams and clock as defaults. */
export function createEnvironment(options: RunCliOptions): CliEnvironment {
  const env = options.env ?? process.env
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  const stdin = 'stdin' in options ? options.stdin : process.stdin
  const now = options.now ?? Date.now
  const output = { env, stdout, stderr, now, isTTY: options.isTTY ?? stdout.isTTY === true }
  const errLine = (line: string): void => {
    stderr.write(`${line}\n`)
  }
  return {
    env,
    stdout,
    stderr,
    stdin,
    signal: options.signal ?? new AbortController().signal,
    now,
    cwd: options.cwd ?? process.cwd(),
    errLine,
    readStdin: () => readPipedMessage(stdin, errLine),
    renderer: (global, extra) => rendererFor(output, global, extra),
    createClient: options.createClient ?? createDinoAiClient,
  }
}
