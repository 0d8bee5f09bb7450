import { DinoAiError } from '@dinoai/client'
import type { GlobalOptions, WaitFlags } from './args.js'
import { type ConnectionConfig, resolveConfig } from './config.js'
import type { CliEnvironment } from './environment.js'
import { EXIT_CODES } from './exit-codes.js'
import { describeError, exitCodeForError } from './failure.js'
import type { CommandContext } from './follow.js'
import type { RendererOptions } from './output/render.js'

/** Polling every 2 s, as the official CLI does. */
const DEFAULT_POLL_INTERVAL_MS = 2000

/** What an API command connects with: the resolved settings, and what must never be shown. */
export interface Connection {
  config: ConnectionConfig
  /** The client's `checkCredentials(...).secrets`: the authenticating credential and its Bearer value. */
  secrets: readonly string[]
}

/** An API command: runs with a client and its context, resolves to the exit code. */
export type ApiCommand = (ctx: CommandContext, connection: Connection) => Promise<number>

/** Every failure ends the same way: a redacted description on stderr and the error's exit code. */
export function reportFailure(
  cli: CliEnvironment,
  error: unknown,
  global: GlobalOptions,
  secrets: readonly string[],
): number {
  for (const line of describeError(error, { verbose: global.verbose === true, secrets })) cli.errLine(line)
  return exitCodeForError(error)
}

/**
 * When an API refused the newer run document that `--steps` sends (HTTP 400, as older backends
 * answer unknown fields), says what to do, unless the client's message already did.
 */
function newerApiHint(error: unknown, wait: WaitFlags): string | undefined {
  if (!wait.steps || !(error instanceof DinoAiError) || error.status !== 400) return undefined
  if (/newer/i.test(error.message)) return undefined
  return 'hint: --steps needs a newer DinoAI API, and this one refused it; leave --steps out for an older backend.'
}

function commandContext(
  cli: CliEnvironment,
  config: ConnectionConfig,
  out: CommandContext['renderer'],
  wait: WaitFlags,
): CommandContext {
  return {
    client: cli.createClient(config),
    renderer: out,
    signal: cli.signal,
    wait: {
      ...(wait.timeout !== undefined ? { timeoutMs: wait.timeout } : {}),
      pollIntervalMs: wait.pollInterval ?? DEFAULT_POLL_INTERVAL_MS,
    },
    ...(wait.steps ? { steps: true } : {}),
    readStdin: cli.readStdin,
  }
}

/** Connects, runs one API command and turns every failure into a message and an exit code. */
export async function withClient(
  cli: CliEnvironment,
  global: GlobalOptions & { json?: boolean },
  wait: WaitFlags,
  command: ApiCommand,
  extra: Pick<RendererOptions, 'followUpHint'> = {},
): Promise<number> {
  const out = cli.renderer(global, extra)
  const resolved = resolveConfig(cli.env, global)
  for (const warning of resolved.warnings) cli.errLine(warning)
  if (!resolved.ok) {
    cli.errLine(resolved.message)
    return EXIT_CODES.usage
  }
  const { config, secrets } = resolved
  try {
    return await command(commandContext(cli, config, out, wait), { config, secrets })
  } catch (error) {
    out.close()
    if (cli.signal.aborted) {
      cli.errLine('Interrupted before the API answered; the request may still have been processed.')
      return EXIT_CODES.interrupted
    }
    const code = reportFailure(cli, error, global, secrets)
    const hint = newerApiHint(error, wait)
    if (hint) cli.errLine(hint)
    return code
  }
}

/** Runs a local command (no credentials, so nothing to mask) and reports its failure. */
export async function withoutClient(
  cli: CliEnvironment,
  global: GlobalOptions,
  command: () => Promise<number>,
): Promise<number> {
  try {
    return await command()
  } catch (error) {
    return reportFailure(cli, error, global, [])
  }
}
