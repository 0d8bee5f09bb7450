import { ENV_VARS } from '@dinoai/client'
import { type MockDinoAiServer, type Replaying, startMockDinoAiServer } from '@dinoai/testing'
import type { GlobalOptions, MockServerFlags } from '../args.js'
import { DEMO_AGENT, DEMO_CREDENTIALS, scriptDemo } from '../demo-scenario.js'
import type { CliEnvironment } from '../environment.js'
import { EXIT_CODES } from '../exit-codes.js'
import { shellQuote } from '../format.js'
import { cassetteFailure, checkCassetteFlags, recordCommand, replaySummary } from './cassette.js'
import { listenFailure, untilAborted } from './serving.js'

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
  let server: MockDinoAiServer
  let replaying: (MockDinoAiServer & Replaying) | undefined
  try {
    const options = { port: flags.port, host: flags.host, credentials: DEMO_CREDENTIALS, now: Date.now }
    if (replay) server = replaying = await startMockDinoAiServer({ ...options, replay })
    else server = await startMockDinoAiServer(options)
  } catch (error) {
    throw listenFailure(cassetteFailure(error), flags)
  }
  if (!replay) scriptDemo(server)
  const out = (line = '') => cli.stdout.write(`${line}\n`)
  out(`DinoAI mock API listening on ${server.url}`)
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
