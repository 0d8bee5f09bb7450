/** The command line: settings from argv and env, a client from the PARADIME_* variables, the gate. */
import { createDinoAiClient, type DinoAiClientOptions, DinoAiValidationError, ENV_VARS } from '@dinoai/client'
import { GateUsageError, parseGateArgs, USAGE } from './config.js'
import { EXIT, type GateIo, runGate } from './gate.js'

/** What `main` runs with: the process's arguments and environment, where to write, and extras for tests. */
export interface MainContext {
  /** Arguments after node and the script. */
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  io: GateIo
  /** Cancels the gate (SIGINT/SIGTERM in the bin). */
  signal?: AbortSignal
  /** Merged into the client's options (tests pass the mock's `fetch` and `clock`). */
  clientOptions?: DinoAiClientOptions
}

/** Runs the gate as the `ci-gate` command would, and resolves with its exit code. */
export async function main(context: MainContext): Promise<number> {
  const { argv, env, io } = context
  try {
    const config = parseGateArgs(argv, env)
    if (config === 'help') {
      io.out(USAGE)
      return EXIT.passed
    }
    const client = createDinoAiClient({ ...clientEnv(env), ...context.clientOptions })
    return await runGate(client, config, io, context.signal)
  } catch (error) {
    // Bad arguments, or credentials the client rejects before any request.
    if (error instanceof GateUsageError || error instanceof DinoAiValidationError) {
      io.err(error.message)
      return EXIT.usage
    }
    throw error
  }
}

/**
 * The client's connection settings from `env`, by the client's own ENV_VARS names. The client would
 * read process.env itself; reading the given env keeps `main` testable with an env of its own.
 */
function clientEnv(env: MainContext['env']): DinoAiClientOptions {
  const read = (name: string) => env[name] || undefined
  return {
    endpoint: read(ENV_VARS.endpoint),
    apiKey: read(ENV_VARS.apiKey),
    apiSecret: read(ENV_VARS.apiSecret),
    workspaceUid: read(ENV_VARS.workspaceUid),
  }
}
