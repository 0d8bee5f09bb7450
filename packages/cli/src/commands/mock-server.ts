import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ENV_VARS } from '@dinoai/client'
import {
  type MockDinoAiServer,
  MockDinoAiUsageError,
  type Replaying,
  startMockDinoAiServer,
} from '@dinoai/testing'
import type { GlobalOptions, MockServerFlags } from '../args.js'
import { DEMO_AGENT, DEMO_CREDENTIALS, scriptDemo } from '../demo-scenario.js'
import type { CliEnvironment } from '../environment.js'
import { EXIT_CODES } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import { shellQuote } from '../format.js'
import { cassetteFailure, checkCassetteFlags, recordCommand, replaySummary } from './cassette.js'
import { listenFailure, untilAborted } from './serving.js'

/** The SDL of `--schema FILE`, read before anything listens. */
async function readSchema(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new CliUsageError(
      `Cannot read --schema ${file} (${code}): pass an SDL file, e.g. the schema.graphql of dinoai schema pull.`,
    )
  }
}

/** A `--schema` file the mock cannot serve, said as the flag's mistake (exit 2). */
function schemaFailure(error: unknown, file: string | undefined): unknown {
  if (file === undefined || !(error instanceof MockDinoAiUsageError)) return error
  if (!error.message.startsWith('schema is not a valid GraphQL schema')) return error
  return new CliUsageError(`--schema ${file}: ${error.message.replace(/ Pass an SDL such as .*$/, '')}`)
}

/**
 * `dinoai mock-server`: the @dinoai/testing HTTP mock with the demo credentials and scenario,
 * until SIGINT or SIGTERM; then it closes its connections and exits 0. With `--replay FILE` it
 * answers from a cassette instead; with `--record URL --cassette FILE` it records (cassette.ts).
 */
export async function mockServerCommand(
  flags: MockServerFlags,
  cli: CliEnvironment,
  global: GlobalOptions = {},
): Promise<number> {
  const replay = checkCassetteFlags(flags)
  if (flags.record !== undefined) return recordCommand(flags, cli, global)
  // `--schema FILE` serves that SDL (a replay checks its cassette against it too).
  const schema = flags.schema === undefined ? undefined : await readSchema(flags.schema, cli.cwd)
  let server: MockDinoAiServer
  let replaying: (MockDinoAiServer & Replaying) | undefined
  try {
    const options = {
      port: flags.port,
      host: flags.host,
      credentials: DEMO_CREDENTIALS,
      now: Date.now,
      ...(schema === undefined ? {} : { schema }),
    }
    if (replay) server = replaying = await startMockDinoAiServer({ ...options, replay })
    else server = await startMockDinoAiServer(options)
  } catch (error) {
    throw listenFailure(cassetteFailure(schemaFailure(error, flags.schema)), flags)
  }
  if (!replay) scriptDemo(server)
  const out = (line = '') => cli.stdout.write(`${line}\n`)
  out(`DinoAI mock API listening on ${server.url}`)
  if (flags.schema !== undefined) out(`Serving the schema in ${flags.schema}.`)
  out()
  out('Paste into another shell:')
  out(`  export ${ENV_VARS.endpoint}=${shellQuote(server.url)}`)
  out(`  export ${ENV_VARS.apiKey}=${DEMO_CREDENTIALS.apiKey}`)
  out(`  export ${ENV_VARS.apiSecret}=${DEMO_CREDENTIALS.apiSecret}`)
  out(`  export ${ENV_VARS.workspaceUid}=${DEMO_CREDENTIALS.workspaceUid}`)
  out()
  out('Then try:')
  out(`  dinoai run --agent ${DEMO_AGENT}`)
  out('  dinoai run --message "Summarise yesterday\'s failed dbt jobs"')
  out()
  out(
    replay
      ? `Answers come from ${replay.cassette}, as recorded. Press Ctrl-C to stop.`
      : 'Runs advance one step per status read, not with time. Press Ctrl-C to stop.',
  )

  await untilAborted(cli.signal)
  await server.close()
  cli.stderr.write(`Mock server stopped after ${server.requests.length} requests.\n`)
  if (replaying) cli.stderr.write(replaySummary(replaying.replay))
  return EXIT_CODES.ok
}
