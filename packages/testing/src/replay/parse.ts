import { CassetteError } from './cassette-error.js'
import { CASSETTE_VERSION, type CassetteExchange, type CassetteHeader } from './format.js'
import { isJsonObject, type Json } from './json.js'

/** An exchange and the line it was read from. */
export interface ParsedExchange {
  readonly line: number
  readonly exchange: CassetteExchange
}

/** A cassette's lines, read but not yet checked against a schema. */
export interface ParsedCassette {
  readonly file: string
  readonly header: CassetteHeader | undefined
  readonly exchanges: readonly ParsedExchange[]
}

const NOT_BLANK = /\S/

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0

type JsonObject = { [key: string]: Json }

const isStringRecord = (value: Json): value is { [key: string]: string } =>
  isJsonObject(value) && Object.values(value).every((v) => typeof v === 'string')

/** Why a parsed value is not a recorded response, or undefined when it is one. */
function responseProblem(response: Json | undefined): string | undefined {
  if (!isJsonObject(response)) return '"response" must be an object.'
  const { network, status, headers, body, text } = response
  if (network !== undefined) {
    return network === 'ECONNRESET' || network === 'ECONNREFUSED'
      ? undefined
      : '"response.network" must be "ECONNRESET" or "ECONNREFUSED".'
  }
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return `"response.status" must be an HTTP status from 100 to 599, got ${JSON.stringify(status)}.`
  if (headers !== undefined && !isStringRecord(headers))
    return '"response.headers" must be an object of strings.'
  if (body === undefined && typeof text !== 'string') return '"response" needs a JSON "body" or a "text".'
  return undefined
}

/** Why a parsed line is not an exchange, or undefined when it is one. */
function exchangeProblem(value: JsonObject): string | undefined {
  const { query, operationName, variables, queryHash, at, ms } = value
  if (typeof query !== 'string') return '"query" must be the document text (a string).'
  if (operationName !== null && typeof operationName !== 'string')
    return '"operationName" must be a string or null.'
  if (variables !== null && !isJsonObject(variables)) return '"variables" must be an object or null.'
  if (typeof queryHash !== 'string') return '"queryHash" must be a string.'
  if (!isCount(at) || !isCount(ms)) return '"at" and "ms" must be numbers of milliseconds >= 0.'
  return responseProblem(value.response)
}

/**
 * Whether a parsed line is an exchange, checked field by field (`found.problem` says why not).
 * The parsed object is used as it is: copying 10,000 of them would double the garbage of a load.
 */
function isExchange(
  value: JsonObject,
  found: { problem?: string | undefined },
): value is JsonObject & CassetteExchange {
  found.problem = exchangeProblem(value)
  return found.problem === undefined
}

/** The header a parsed first line holds, or why it is not one. */
function toHeader(value: JsonObject): CassetteHeader | string {
  const { cassette, version, schemaHash, recordedAt } = value
  if (cassette !== 'dinoai') return 'the header must say "cassette": "dinoai".'
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return `the header's "version" must be a whole number >= 1, got ${JSON.stringify(version)}.`
  if (version > CASSETTE_VERSION) {
    return `format version ${version} is newer than this @dinoai/testing reads (${CASSETTE_VERSION}): upgrade @dinoai/testing, or record again.`
  }
  return {
    cassette,
    version,
    schemaHash: typeof schemaHash === 'string' ? schemaHash : '',
    recordedAt: typeof recordedAt === 'string' ? recordedAt : '',
  }
}

/**
 * Reads a cassette's NDJSON. Blank lines are skipped; the first line may be the header. Each
 * line that is not a whole exchange is a problem naming its line; `problems` is empty for a good file.
 */
export function readCassetteLines(
  text: string,
  file: string,
): { cassette: ParsedCassette; problems: CassetteError[] } {
  const exchanges: ParsedExchange[] = []
  const problems: CassetteError[] = []
  let header: CassetteHeader | undefined
  let line = 0
  let start = 0
  let first = true
  const found: { problem?: string | undefined } = {}
  while (start < text.length) {
    const end = text.indexOf('\n', start)
    const stop = end === -1 ? text.length : end
    const raw = text.slice(start, stop)
    start = stop + 1
    line++
    // A blank line (no character but white space) is skipped; trim() would copy every line.
    if (!NOT_BLANK.test(raw)) continue
    const problem = (reason: string) => problems.push(new CassetteError('format', file, line, reason))
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (error) {
      const cut =
        end === -1
          ? ' It is the last line and has no newline: cut short, as a write that never finished leaves it; delete the line, or record again.'
          : ''
      problem(`not valid JSON (${(error as Error).message}).${cut}`)
      continue
    }
    if (!isJsonObject(value)) {
      problem('each line must be a JSON object: the header, or one exchange.')
      continue
    }
    if (first && 'cassette' in value) {
      const read = toHeader(value)
      if (typeof read === 'string') problem(read)
      else header = read
      first = false
      continue
    }
    first = false
    if (isExchange(value, found)) exchanges.push({ line, exchange: value })
    else problem(`not an exchange: ${found.problem}`)
  }
  return { cassette: { file, header, exchanges }, problems }
}
