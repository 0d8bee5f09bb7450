import { type Command, InvalidArgumentError, Option } from 'commander'
import type { ChatCommandOptions } from './commands/chat.js'
import type { RunCommandOptions } from './commands/run.js'
import type { ConnectionFlags } from './config.js'
import { exitCodeHelp } from './exit-codes.js'

/** Options every command accepts: output and connection. */
export interface GlobalOptions extends ConnectionFlags {
  json?: boolean
  verbose?: boolean
  /** `false` for `--no-color`. */
  color?: boolean
}

/** Polling options of the commands that wait. */
export interface WaitFlags {
  timeout?: number
  pollInterval?: number
  /** `--steps`: follow steps and the start-up checklist too (newer backends). */
  steps?: boolean
}

/** Options of `dinoai mock-server`. */
export interface MockServerFlags {
  port: number
  host: string
  /** `--record URL`: forward to this API and record (with `cassette`). */
  record?: string
  /** `--cassette FILE`: where `--record` writes. */
  cassette?: string
  /** `--overwrite`: with `--record`, replace a cassette that holds exchanges. */
  overwrite?: boolean
  /** `--replay FILE`: answer from this cassette. */
  replay?: string
  /** `--repeat`: with `--replay`, serve the recording again for each new run. */
  repeat?: boolean
  /** `--schema FILE`: serve this SDL instead of the shipped schema. */
  schema?: string
}

/** Options of `dinoai cassette check`. */
export interface CassetteCheckFlags {
  /** `--schema FILE`: check against this SDL instead of the one the CLI carries. */
  schema?: string
  json?: boolean
}

/** Options of `dinoai demo`. */
export interface DemoFlags {
  pollInterval?: number
}

/** `dinoai schema pull` writes the file; `check` only compares. */
export type SchemaMode = 'pull' | 'check'

/** Options of `dinoai schema pull` and `dinoai schema check`. */
export interface SchemaFlags {
  /** The schema file: written by pull (`--out`), compared with by check (`--schema`). */
  file: string
  /** Globs of the documents to validate against the pulled schema; default the SDK's own. */
  documents?: string[] | undefined
  /** The largest introspection answer read, in bytes; default the client's (8 MiB). */
  maxResponseBytes?: number | undefined
}

/** Runs a schema command and resolves to its exit code. */
export type SchemaAction = (mode: SchemaMode, flags: SchemaFlags, global: GlobalOptions) => Promise<number>

/** What each command does once its arguments are parsed; each returns the exit code. */
export interface CommandActions {
  run(options: RunCommandOptions, wait: WaitFlags, global: GlobalOptions): Promise<number>
  send(
    session: string,
    message: string | undefined,
    wait: WaitFlags & { wait: boolean },
    global: GlobalOptions,
  ): Promise<number>
  status(session: string, global: GlobalOptions): Promise<number>
  watch(session: string, wait: WaitFlags, global: GlobalOptions): Promise<number>
  chat(options: ChatCommandOptions, wait: WaitFlags, global: GlobalOptions): Promise<number>
  stop(session: string, global: GlobalOptions): Promise<number>
  mockServer(options: MockServerFlags, global: GlobalOptions): Promise<number>
  cassetteCheck(file: string, options: CassetteCheckFlags, global: GlobalOptions): Promise<number>
  demo(options: DemoFlags, global: GlobalOptions): Promise<number>
  schema: SchemaAction
}

/** Where commander writes help, version and its own error messages. */
export interface ProgramOutput {
  writeOut(text: string): void
  writeErr(text: string): void
}

/** Parses a number of seconds (fractions allowed) into milliseconds. */
export function parseSeconds(value: string): number {
  const seconds = Number(value)
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidArgumentError(`expected a number of seconds >= 0, got ${JSON.stringify(value)}.`)
  }
  return Math.round(seconds * 1000)
}

/**
 * Parses the time between status reads, in seconds, into milliseconds. Unlike a timeout it cannot
 * be 0: checked here, the mistake is reported before `run` or `send` has started anything.
 */
export function parseInterval(value: string): number {
  const ms = parseSeconds(value)
  if (ms < 1) {
    throw new InvalidArgumentError(
      `expected a number of seconds > 0 (at least 0.001), got ${JSON.stringify(value)}.`,
    )
  }
  return ms
}

/** Parses a TCP port, 0 meaning any free port. */
export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError(`expected a port number from 0 to 65535, got ${JSON.stringify(value)}.`)
  }
  return port
}

/** The exit codes, for the help of the commands that wait for a run. */
export const WAIT_HELP = `\n${exitCodeHelp()}`

/** `--timeout`, in seconds, parsed into milliseconds. */
export const timeoutOption = (): Option =>
  new Option('--timeout <seconds>', 'stop waiting after this long (default 3600)').argParser(parseSeconds)

/** `--poll-interval`, in seconds, parsed into milliseconds. */
export const pollOption = (): Option =>
  new Option('--poll-interval <seconds>', 'time between status reads (default 2)').argParser(parseInterval)

/** `--steps`, on the commands that follow a run. */
export const stepsOption = (): Option =>
  new Option(
    '--steps',
    "show the agent's steps (tool and input) and start-up checklist; with --json, step events (needs a newer API)",
  )

/** `--model-family`, on the commands that start a run. */
export const modelFamilyOption = (): Option =>
  new Option(
    '--model-family <name>',
    'the model family to run on, e.g. claude (needs a newer API; an unknown one runs on the default, with a warning)',
  )

/** The wait flags of a command's parsed options. */
export function waitFlags(opts: { timeout?: number; pollInterval?: number; steps?: boolean }): WaitFlags {
  return {
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
    ...(opts.pollInterval !== undefined ? { pollInterval: opts.pollInterval } : {}),
    ...(opts.steps === true ? { steps: true } : {}),
  }
}

/** A command's options merged with the program's global ones. */
export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>()
}
