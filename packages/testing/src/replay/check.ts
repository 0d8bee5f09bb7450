import { schemaSdl as currentSdl } from '@dinoai/operations'
import { buildSchema, type GraphQLSchema } from 'graphql'
import { MockDinoAiUsageError } from '../errors.js'
import { CassetteError } from './cassette-error.js'
import type { CassetteHeader } from './format.js'
import { checkCassetteAgainst } from './load.js'
import { PLACEHOLDER } from './sessions.js'

/** Options of `checkCassette`. */
export interface CheckCassetteOptions {
  /** The schema to check against. Default: `schemaSdl` of @dinoai/operations, the one the mock serves. */
  schemaSdl?: string
  /** The cassette's text, when it is not read from disk. */
  text?: string
}

/** What `checkCassette` found. */
export interface CassetteReport {
  readonly file: string
  readonly header: CassetteHeader | undefined
  readonly exchanges: number
  /** Sessions the recording created (distinct placeholders). */
  readonly sessions: number
  /** Milliseconds from the first request to the end of the last answer. */
  readonly durationMs: number
  /** Empty when the cassette can be replayed: else each problem, with its line. */
  readonly problems: readonly CassetteError[]
}

const schemas = new Map<string, GraphQLSchema>()

function schemaOf(sdl: string): GraphQLSchema {
  let schema = schemas.get(sdl)
  if (!schema) {
    try {
      schema = buildSchema(sdl)
    } catch (error) {
      throw new MockDinoAiUsageError(`schemaSdl is not a valid GraphQL schema: ${(error as Error).message}`)
    }
    schemas.set(sdl, schema)
  }
  return schema
}

/**
 * Checks a cassette as replay would load it: every line an exchange, every recorded answer still
 * fitting the schema. It does not throw for the cassette's problems (an unreadable file included):
 * it lists them, each with its line, as `dinoai cassette check` prints them.
 */
export function checkCassette(file: string, options: CheckCassetteOptions = {}): CassetteReport {
  const schema = schemaOf(options.schemaSdl ?? currentSdl)
  try {
    const checked = checkCassetteAgainst({ file, text: options.text }, schema)
    const sessions = new Set<string>()
    let durationMs = 0
    for (const { exchange } of checked.exchanges) {
      for (const found of JSON.stringify(exchange.response).matchAll(PLACEHOLDER)) sessions.add(found[0])
      durationMs = Math.max(durationMs, exchange.at + exchange.ms)
    }
    return {
      file,
      header: checked.header,
      exchanges: checked.exchanges.length,
      sessions: sessions.size,
      durationMs,
      problems: checked.problems,
    }
  } catch (error) {
    if (!(error instanceof CassetteError)) throw error
    return { file, header: undefined, exchanges: 0, sessions: 0, durationMs: 0, problems: [error] }
  }
}
