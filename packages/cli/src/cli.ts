import { readFileSync } from 'node:fs'
import { createDinoAiClient, DinoAiError } from '@dinoai/client'
import { CommanderError } from 'commander'
import type { CommandActions, GlobalOptions, WaitFlags } from './args.js'
import { historyPath } from './chat/history.js'
import type { CliClient, CliClientOptions } from './client-port.js'
import { chatCommand } from './commands/chat.js'
import { runCommand } from './commands/run.js'
import { sendCommand } from './commands/send.js'
import { statusCommand } from './commands/status.js'
import { stopCommand } from './commands/stop.js'
import { watchCommand } from './commands/watch.js'
import { type ConnectionConfig, credentialSecrets, resolveConfig } from './config.js'
import { EXIT_CODES } from './exit-codes.js'
import { describeError, exitCodeForError } from './failure.js'
import type { CommandContext } from './follow.js'
import { createPalette, shouldUseColor } from './palette.js'
import { buildProgram } from './program.js'
import {
  createRenderer,
  type OutputMode,
  type OutputStream,
  type Renderer,
  type RendererOptions,
} from './render.js'
import { createSpinner, type SpinnerStream } from './spinner.js'

/** A readable the CLI may take a message from (process.stdin, or a stream in tests). */
export type CliInput = AsyncIterable<string | Uint8Array> & { isTTY?: boolean }

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
  signal: AbortSignal
  now: () => number
  /** Where relative paths start. */
  cwd: string
  /** Builds a renderer for a command's output flags (`followUpHint: false` for the chat). */
  renderer(
    global: GlobalOptions & { json?: boolean },
    extra?: Pick<RendererOptions, 'followUpHint'>,
  ): Renderer
  createClient: (options: CliClientOptions) => CliClient
}

const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version

/**
 * When an API refused the newer run document that `--steps` sends (HTTP 400, as older backends
 * answer unknown fields), says what to do, unless the client's message already did.
 */
function newerApiHint(error: unknown, wait: WaitFlags): string | undefined {
  if (!wait.steps || !(error instanceof DinoAiError) || error.status !== 400) return undefined
  if (/newer/i.test(error.message)) return undefined
  return 'hint: --steps needs a newer DinoAI API, and this one refused it; leave --steps out for an older backend.'
}

/**
 * Runs the `dinoai` command line and resolves to its exit code (it never calls process.exit).
 * `argv` is the arguments after the program name, e.g. `['run', '--agent', 'x']`.
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const env = options.env ?? process.env
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  const stdin = 'stdin' in options ? options.stdin : process.stdin
  const isTTY = options.isTTY ?? stdout.isTTY === true
  const signal = options.signal ?? new AbortController().signal
  const now = options.now ?? Date.now
  const errLine = (line: string) => stderr.write(`${line}\n`)

  const renderer = (
    global: GlobalOptions & { json?: boolean },
    extra: Pick<RendererOptions, 'followUpHint'> = {},
  ): Renderer => {
    const color = shouldUseColor({ flag: global.color === false ? false : undefined, env, isTTY })
    // FORCE_COLOR asks for the terminal rendering in a log that shows colours (CI); never the spinner.
    const mode: OutputMode = global.json ? 'json' : isTTY || color ? 'tty' : 'plain'
    const interactive =
      mode === 'tty' && isTTY && stderr.isTTY === true && !('CI' in env) && env.TERM !== 'dumb'
    return createRenderer({
      mode,
      stdout,
      stderr,
      palette: createPalette(color && mode === 'tty'),
      spinner: interactive ? createSpinner(stderr as SpinnerStream) : undefined,
      now,
      ...extra,
    })
  }
  const cli: CliEnvironment = {
    env,
    stdout,
    stderr,
    signal,
    now,
    cwd: options.cwd ?? process.cwd(),
    renderer,
    createClient: options.createClient ?? createDinoAiClient,
  }

  const readStdin = async (): Promise<string | undefined> => {
    if (!stdin || stdin.isTTY) return undefined
    // A pipe nobody closes would wait forever without a word: say what the CLI is waiting for.
    const hint = setTimeout(
      () => errLine('Reading the message from stdin (close it, or pass --message TEXT or </dev/null)...'),
      2000,
    )
    hint.unref?.()
    try {
      const chunks: string[] = []
      const decoder = new TextDecoder()
      for await (const chunk of stdin) {
        chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
      }
      chunks.push(decoder.decode())
      return chunks.join('')
    } finally {
      clearTimeout(hint)
    }
  }

  // Every failure ends the same way: a redacted description on stderr and the error's exit code.
  const report = (error: unknown, global: GlobalOptions, secrets: readonly string[]): number => {
    for (const line of describeError(error, { verbose: global.verbose === true, secrets })) errLine(line)
    return exitCodeForError(error)
  }

  // Connects, runs one API command and turns every failure into a message and an exit code.
  const withClient = async (
    global: GlobalOptions & { json?: boolean },
    wait: WaitFlags,
    command: (ctx: CommandContext, config: ConnectionConfig) => Promise<number>,
    extra: Pick<RendererOptions, 'followUpHint'> = {},
  ): Promise<number> => {
    const out = renderer(global, extra)
    const resolved = resolveConfig(env, global)
    for (const warning of resolved.warnings) errLine(warning)
    if (!resolved.ok) {
      errLine(resolved.message)
      return EXIT_CODES.usage
    }
    const secrets = credentialSecrets(resolved.config)
    try {
      const client = cli.createClient(resolved.config)
      return await command(
        {
          client,
          renderer: out,
          signal,
          wait: {
            ...(wait.timeout !== undefined ? { timeoutMs: wait.timeout } : {}),
            pollIntervalMs: wait.pollInterval ?? 2000,
          },
          ...(wait.steps ? { steps: true } : {}),
          readStdin,
        },
        resolved.config,
      )
    } catch (error) {
      out.close()
      if (signal.aborted) {
        errLine('Interrupted before the API answered; the request may still have been processed.')
        return EXIT_CODES.interrupted
      }
      const code = report(error, global, secrets)
      const hint = newerApiHint(error, wait)
      if (hint) errLine(hint)
      return code
    }
  }

  const actions: CommandActions = {
    run: (opts, wait, global) => withClient(global, wait, (ctx) => runCommand(opts, ctx)),
    send: (session, message, wait, global) =>
      withClient(global, wait, (ctx) => sendCommand(session, message, { wait: wait.wait }, ctx)),
    status: (session, global) => withClient(global, {}, (ctx) => statusCommand(session, ctx)),
    watch: (session, wait, global) => withClient(global, wait, (ctx) => watchCommand(session, ctx)),
    stop: (session, global) => withClient(global, {}, (ctx) => stopCommand(session, ctx)),
    chat: (opts, wait, global) =>
      withClient(
        { ...global, json: opts.json },
        wait,
        (ctx, config) =>
          chatCommand(opts, ctx, {
            stdin,
            stdout,
            historyFile: historyPath(env),
            secrets: [...credentialSecrets(config), ...(config.apiKey ? [config.apiKey] : [])],
          }),
        { followUpHint: false },
      ),
    mockServer: async (opts, global) => {
      const { mockServerCommand } = await import('./commands/mock-server.js')
      return guard(global, () => mockServerCommand(opts, cli, global))
    },
    cassetteCheck: async (file, opts, global) => {
      const { cassetteCheckCommand } = await import('./commands/cassette.js')
      return guard(global, () => cassetteCheckCommand(file, opts, cli))
    },
    demo: async (opts, global) => {
      const { demoCommand } = await import('./commands/demo.js')
      return guard(global, () => demoCommand(opts, global, cli))
    },
    // Loaded on use: the schema diff and the document finder are only needed here.
    schema: async (mode, flags, global) => {
      const { schemaCommand } = await import('./commands/schema.js')
      return schemaCommand(mode, flags, global, cli)
    },
  }
  // The local commands hold no credentials: nothing to mask.
  const guard = async (global: GlobalOptions, body: () => Promise<number>) => {
    try {
      return await body()
    } catch (error) {
      return report(error, global, [])
    }
  }

  const { program, exitCode } = buildProgram(
    actions,
    { writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) },
    VERSION,
  )
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode()
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT_CODES.ok
        : EXIT_CODES.usage
    }
    throw error
  }
}
