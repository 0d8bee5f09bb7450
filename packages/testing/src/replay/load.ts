import type { GraphQLSchema } from 'graphql'
import { CassetteError } from './cassette-error.js'
import type { CassetteExchange, CassetteHeader } from './format.js'
import { readCassetteLines } from './parse.js'
import { staleness } from './validate.js'

/** Where a cassette comes from: a file, or text already in memory (then `file` only names it in messages). */
export interface CassetteSource {
  readonly file: string
  readonly text?: string | undefined
}

/** A cassette read and checked against a schema. */
export interface CheckedCassette {
  readonly file: string
  readonly header: CassetteHeader | undefined
  readonly exchanges: readonly { readonly line: number; readonly exchange: CassetteExchange }[]
  /** Every line that is not an exchange, and every answer that no longer fits the schema; empty for a good cassette. */
  readonly problems: readonly CassetteError[]
}

type ReadFileSync = (path: string, encoding: 'utf8') => string

// Reached without a static import of node:fs, so that the mock (which replays) still bundles for
// a browser, where a cassette comes as text.
function readFileSyncOf(): ReadFileSync | undefined {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs')
  return fs?.readFileSync
}

/** The cassette's text, or an 'unreadable' CassetteError. */
export function cassetteText(source: CassetteSource): string {
  if (source.text !== undefined) return source.text
  const readFileSync = readFileSyncOf()
  if (!readFileSync) {
    throw new CassetteError(
      'unreadable',
      source.file,
      undefined,
      'reading a cassette file needs Node.js; pass its text as well.',
    )
  }
  try {
    return readFileSync(source.file, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const why =
      code === 'ENOENT'
        ? 'no such file: record it first (see "Record and replay" in the README of @dinoai/testing)'
        : (error as Error).message
    throw new CassetteError('unreadable', source.file, undefined, `cannot read the cassette: ${why}.`)
  }
}

/** Reads a cassette and checks every line, and every recorded answer against `schema`. */
export function checkCassetteAgainst(source: CassetteSource, schema: GraphQLSchema): CheckedCassette {
  const { cassette, problems } = readCassetteLines(cassetteText(source), source.file)
  const all = [...problems]
  for (const { line, exchange } of cassette.exchanges) {
    const stale = staleness(schema, exchange)
    if (stale) {
      all.push(
        new CassetteError(
          'stale',
          source.file,
          line,
          `${exchange.operationName ?? 'the request'}: ${stale}. The schema changed since this was recorded: record the cassette again.`,
        ),
      )
    }
  }
  all.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  return { ...cassette, problems: all }
}

/** A cassette ready to replay, or the first problem as a CassetteError (with how many more there are). */
export function loadCassette(source: CassetteSource, schema: GraphQLSchema): CheckedCassette {
  const checked = checkCassetteAgainst(source, schema)
  const [first, ...more] = checked.problems
  if (first) {
    if (more.length === 0) throw first
    throw new CassetteError(
      first.kind,
      first.file,
      first.line,
      `${first.reason} (and ${more.length} more problem${more.length === 1 ? '' : 's'}: dinoai cassette check ${first.file} lists them)`,
    )
  }
  return checked
}
