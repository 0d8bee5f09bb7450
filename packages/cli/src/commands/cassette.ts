// Record and replay from the command line: `dinoai mock-server --record URL --cassette FILE`
// (a recorder in front of the real API, holding the credentials of the environment), the
// `--replay FILE` options of the mock server, and `dinoai cassette check FILE`.
import { readFileSync } from 'node:fs'
import { authHeaders, ENV_VARS } from '@dinoai/client'
import {
  CassetteError,
  type CassetteReport,
  checkCassette,
  MockDinoAiUsageError,
  type MockReplay,
  type ReplayOptions,
  startDinoAiRecorder,
} from '@dinoai/testing'
import type { CassetteCheckFlags, GlobalOptions, MockServerFlags } from '../args.js'
import { resolveConfig } from '../config.js'
import type { CliEnvironment } from '../environment.js'
import { EXIT_CODES } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import { shellQuote } from '../format.js'
import { listenFailure, untilAborted } from './serving.js'

/** The replay the mock-server flags ask for, if any; a CliUsageError for flags that do not go together. */
export function checkCassetteFlags(flags: MockServerFlags): ReplayOptions | undefined {
  const { record, cassette, replay, overwrite, repeat } = flags
  if (record !== undefined && replay !== undefined)
    throw new CliUsageError(
      '--record and --replay do not go together: record once, then replay the cassette.',
    )
  if (record !== undefined) {
    if (!/^https?:\/\//.test(record) || !URL.canParse(record))
      throw new CliUsageError(
        `--record takes the GraphQL endpoint to record, e.g. https://api.paradime.io/api/v1/<region>/graphql; got ${JSON.stringify(record)}.`,
      )
    if (cassette === undefined)
      throw new CliUsageError('--record needs --cassette FILE: the file to write the exchanges to.')
  } else if (cassette !== undefined) {
    throw new CliUsageError(
      '--cassette names the file --record writes; to serve a cassette, use --replay FILE.',
    )
  }
  if (overwrite && record === undefined) throw new CliUsageError('--overwrite goes with --record.')
  if (repeat && replay === undefined) throw new CliUsageError('--repeat goes with --replay FILE.')
  if (replay === undefined) return undefined
  return { cassette: replay, ...(repeat ? { repeat: true } : {}) }
}

/** A cassette that cannot be recorded to or loaded is a configuration problem (exit 2); other errors as they are. */
export function cassetteFailure(error: unknown): unknown {
  return error instanceof CassetteError ? new CliUsageError(error.message) : error
}

/** `dinoai mock-server --record URL --cassette FILE`: records until SIGINT or SIGTERM. */
export async function recordCommand(
  flags: MockServerFlags,
  cli: CliEnvironment,
  global: GlobalOptions,
): Promise<number> {
  const upstream = flags.record ?? ''
  const file = flags.cassette ?? ''
  const resolved = resolveConfig(cli.env, { ...global, endpoint: upstream })
  const err = (line: string) => cli.stderr.write(`${line}\n`)
  for (const warning of resolved.warnings) err(warning)
  if (!resolved.ok) {
    err(resolved.message)
    return EXIT_CODES.usage
  }
  const { apiKey, apiSecret } = resolved.config
  let recorder: Awaited<ReturnType<typeof startDinoAiRecorder>>
  try {
    recorder = await startDinoAiRecorder({
      upstream,
      cassette: file,
      headers: authHeaders(resolved.config),
      secrets: [apiKey, apiSecret].filter((s): s is string => s !== undefined),
      overwrite: flags.overwrite === true,
      port: flags.port,
      host: flags.host,
    })
  } catch (error) {
    throw listenFailure(cassetteFailure(error), flags)
  }
  const out = (line = '') => cli.stdout.write(`${line}\n`)
  out(`DinoAI recorder listening on ${recorder.url}`)
  out(
    `Recording ${upstream} to ${file}, with the credentials of this environment: callers need none of their own.`,
  )
  out()
  out('Paste into another shell:')
  out(`  export ${ENV_VARS.endpoint}=${shellQuote(recorder.url)}`)
  out(`  export ${ENV_VARS.apiKey}=dinoai-recorder`)
  out(`  unset ${ENV_VARS.apiSecret} ${ENV_VARS.workspaceUid}`)
  out()
  out('Then run what the cassette should hold, e.g.:')
  out('  dinoai run --agent data-quality-checker --json')
  out()
  out('Each exchange is written once its answer is complete. Press Ctrl-C to stop.')
  await untilAborted(cli.signal)
  await recorder.close()
  err(`Recorded ${recorder.exchanges} exchange${recorder.exchanges === 1 ? '' : 's'} to ${file}.`)
  return EXIT_CODES.ok
}

/** What a replay left unused or could not answer, for stderr when the mock server stops. */
export function replaySummary(replay: MockReplay): string {
  const { pending, unmatched } = replay
  if (pending.length === 0 && unmatched.length === 0)
    return `Every recorded exchange of ${replay.cassette} was used.\n`
  const lines = [
    ...(pending.length
      ? [
          `${pending.length} recorded exchange(s) of ${replay.cassette} never used: lines ${pending.map((p) => p.line).join(', ')}.`,
        ]
      : []),
    ...unmatched.map((message) => `unmatched: ${message}`),
  ]
  return `${lines.join('\n')}\n`
}

function readSchema(file: string | undefined): string | undefined {
  if (file === undefined) return undefined
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new CliUsageError(`Cannot read --schema ${file}: ${(error as Error).message}`)
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** The exit code of a check: 0 fits, 1 stale answers only (record again), 2 a file that cannot be used as it is. */
function checkExitCode(report: CassetteReport): number {
  if (report.problems.length === 0) return EXIT_CODES.ok
  return report.problems.every((p) => p.kind === 'stale') ? EXIT_CODES.runFailed : EXIT_CODES.usage
}

/** `dinoai cassette check FILE`: the cassette as replay would load it, checked against the schema. */
export async function cassetteCheckCommand(
  file: string,
  flags: CassetteCheckFlags,
  cli: CliEnvironment,
): Promise<number> {
  const schemaSdl = readSchema(flags.schema)
  let report: CassetteReport
  try {
    report = checkCassette(file, schemaSdl === undefined ? {} : { schemaSdl })
  } catch (error) {
    if (error instanceof MockDinoAiUsageError)
      throw new CliUsageError(`--schema ${flags.schema}: ${error.message}`)
    throw error
  }
  const code = checkExitCode(report)
  if (flags.json) {
    const problems = report.problems.map((p) => ({ kind: p.kind, line: p.line ?? null, message: p.message }))
    const { exchanges, sessions, durationMs } = report
    cli.stdout.write(
      `${JSON.stringify({ file, ok: code === 0, exchanges, sessions, durationMs, recordedAt: report.header?.recordedAt ?? null, problems })}\n`,
    )
    return code
  }
  if (code === EXIT_CODES.ok) {
    const when = report.header?.recordedAt ? `, recorded ${report.header.recordedAt}` : ''
    cli.stdout.write(
      `${file}: ${report.exchanges} exchanges, ${report.sessions} session(s) over ${seconds(report.durationMs)}${when}: every recorded answer fits the schema.\n`,
    )
    return code
  }
  for (const problem of report.problems) cli.stderr.write(`${problem.message}\n`)
  const advice =
    code === EXIT_CODES.runFailed
      ? 'The schema changed since the recording: record the cassette again (dinoai mock-server --record URL --cassette FILE --overwrite).'
      : 'The file is not a cassette replay can load: fix or delete the lines named, or record it again.'
  cli.stderr.write(`cassette check: ${report.problems.length} problem(s) in ${file}. ${advice}\n`)
  return code
}
