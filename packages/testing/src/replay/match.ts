// Which recorded exchange answers a request: the same operation, document and variables (session
// ids as placeholders), and among equal ones the earliest not yet used, so a session's polls come
// back in recorded order. When none is left, the nearest recorded request says what differs.
import { documentKey } from './document.js'
import type { CassetteExchange } from './format.js'
import { canonicalJson, type Json } from './json.js'

/** A request as replay compares it, session ids already turned back into placeholders. */
export interface ComparableRequest {
  readonly operationName: string | null
  readonly query: string
  readonly variables: { readonly [name: string]: Json } | null
}

/** A recorded exchange with what matching compares, computed once when the cassette loads. */
export interface Entry {
  readonly index: number
  readonly line: number
  readonly exchange: CassetteExchange
  readonly key: string
  readonly document: string
}

// Documents are long and few: keys name them by a number, so a cassette of thousands of
// exchanges does not hash its document text thousands of times over.
const documentNumbers = new Map<string, number>()
const documentNumber = (text: string): number => {
  let n = documentNumbers.get(text)
  if (n === undefined) {
    n = documentNumbers.size
    documentNumbers.set(text, n)
  }
  return n
}

/** The key equal requests share. */
export function requestKey(request: ComparableRequest): string {
  const document = documentNumber(documentKey(request.query).text)
  return `${request.operationName ?? ''}\u0000${document}\u0000${canonicalJson(request.variables ?? {})}`
}

/** Entries by key, each list in recorded order. */
export function indexEntries(entries: readonly Entry[]): Map<string, Entry[]> {
  const byKey = new Map<string, Entry[]>()
  for (const entry of entries) {
    const list = byKey.get(entry.key)
    if (list) list.push(entry)
    else byKey.set(entry.key, [entry])
  }
  return byKey
}

const short = (value: Json | undefined): string => {
  const text = value === undefined ? 'nothing' : JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** The variables that differ, as `variables.name: recorded X, sent Y`. */
function variableDifferences(
  recorded: { readonly [name: string]: Json } | null,
  sent: { readonly [name: string]: Json } | null,
): string[] {
  const a = recorded ?? {}
  const b = sent ?? {}
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return names
    .filter((name) => canonicalJson(a[name]) !== canonicalJson(b[name]))
    .map((name) => `variables.${name}: recorded ${short(a[name])}, sent ${short(b[name])}`)
}

/** The first line where two printed documents differ, for a message. */
function documentDifference(recorded: string, sent: string): string {
  const r = recorded.split('\n')
  const s = sent.split('\n')
  const at = r.findIndex((line, i) => line !== s[i])
  const i = at === -1 ? r.length : at
  return `the document (recorded ${short(r[i]?.trim() ?? '')}, sent ${short(s[i]?.trim() ?? '')})`
}

/** How alike two requests are: the operation counts most, then the document, then each variable. */
function likeness(entry: Entry, request: ComparableRequest, document: string): number {
  const { exchange } = entry
  let score = 0
  if (exchange.operationName === request.operationName) score += 100
  if (entry.document === document) score += 10
  const a = exchange.variables ?? {}
  const b = request.variables ?? {}
  for (const name of Object.keys(a)) if (canonicalJson(a[name]) === canonicalJson(b[name])) score += 1
  return score
}

const describeRequest = (request: ComparableRequest): string =>
  `${request.operationName ?? 'an unnamed operation'} with variables ${short(request.variables ?? {})}`

/**
 * Why no recorded exchange answers a request: the equal ones are all used, or the nearest one
 * (preferring one not yet used) and what differs from it.
 */
export function explainUnmatched(
  file: string,
  byKey: ReadonlyMap<string, readonly Entry[]>,
  entries: readonly Entry[],
  used: (entry: Entry) => boolean,
  request: ComparableRequest,
): string {
  const sent = describeRequest(request)
  const equal = byKey.get(requestKey(request))
  if (equal) {
    const lines = equal.map((e) => e.line).join(', ')
    return `No recorded exchange left for ${sent}: the ${equal.length === 1 ? 'one' : equal.length} at ${file}:${lines} ${equal.length === 1 ? 'was' : 'were'} already used. The code sent this request more often than when the cassette was recorded: record it again.`
  }
  const document = documentKey(request.query).text
  let best: Entry | undefined
  let bestScore = -1
  for (const entry of entries) {
    const score = likeness(entry, request, document) + (used(entry) ? 0 : 0.5)
    if (score > bestScore) {
      best = entry
      bestScore = score
    }
  }
  if (!best) return `No recorded exchange matches ${sent}: ${file} holds no exchanges.`
  const recorded = best.exchange
  const differences = [
    ...(recorded.operationName === request.operationName
      ? []
      : [
          `the operation (recorded ${recorded.operationName ?? 'unnamed'}, sent ${request.operationName ?? 'unnamed'})`,
        ]),
    ...(best.document === document ? [] : [documentDifference(best.document, document)]),
    ...variableDifferences(recorded.variables, request.variables),
  ]
  return `No recorded exchange matches ${sent}. Nearest: ${file}:${best.line} (${recorded.operationName ?? 'unnamed'}${used(best) ? ', already used' : ''}), which differs in ${differences.join('; ')}.`
}
