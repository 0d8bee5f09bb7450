import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ENV_VARS } from '@dinoai/client'
import { MockDinoAiUsageError, startMockDinoAiServer } from '@dinoai/testing'
import type { MockServerFlags } from '../args.js'
import type { CliEnvironment } from '../cli.js'
import { DEMO_AGENT, DEMO_CREDENTIALS, scriptDemo } from '../demo-scenario.js'
import { EXIT_CODES } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import { shellQuote } from '../format.js'

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

/**
 * `dinoai mock-server`: the @dinoai/testing HTTP mock with the demo credentials and scenario,
 * until SIGINT or SIGTERM; then it closes its connections and exits 0.
 */
export async function mockServerCommand(flags: MockServerFlags, cli: CliEnvironment): Promise<number> {
  const schema = flags.schema === undefined ? undefined : await readSchema(flags.schema, cli.cwd)
  let server: Awaited<ReturnType<typeof startMockDinoAiServer>>
  try {
    server = await startMockDinoAiServer({
      port: flags.port,
      host: flags.host,
      credentials: DEMO_CREDENTIALS,
      now: Date.now,
      ...(schema === undefined ? {} : { schema }),
    })
  } catch (error) {
    if (error instanceof MockDinoAiUsageError && flags.schema !== undefined) {
      throw new CliUsageError(
        `--schema ${flags.schema}: ${error.message.replace(/ Pass an SDL such as .*$/, '')}`,
      )
    }
    const code = (error as { code?: unknown }).code
    if (code === 'EADDRINUSE') {
      throw new CliUsageError(
        `Port ${flags.port} is in use: pick another with --port N (0 picks a free one).`,
      )
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new CliUsageError(`Cannot listen on ${flags.host}: use a local address such as 127.0.0.1.`)
    }
    throw error
  }
  scriptDemo(server)
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
  out('Runs advance one step per status read, not with time. Press Ctrl-C to stop.')

  await new Promise<void>((resolve) => {
    if (cli.signal.aborted) resolve()
    else cli.signal.addEventListener('abort', () => resolve(), { once: true })
  })
  await server.close()
  cli.stderr.write(`Mock server stopped after ${server.requests.length} requests.\n`)
  return EXIT_CODES.ok
}
