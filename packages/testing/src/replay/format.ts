// The cassette format: NDJSON, an optional header line, then one line per exchange in the order
// the answers completed. A line is written whole, once its answer is complete, so a file cut off
// by a crash holds every exchange that finished and nothing half-written.
import type { Json } from './json.js'

/** The format version this package writes and reads. */
export const CASSETTE_VERSION = 1

/** The optional first line of a cassette. */
export interface CassetteHeader {
  readonly cassette: 'dinoai'
  readonly version: number
  /** `sha256:` of the SDL the recorder's @dinoai/operations carried: which schema the recording met. */
  readonly schemaHash: string
  /** When the recording started, as an ISO date. */
  readonly recordedAt: string
}

/** What upstream answered: a response (JSON `body`, or `text` when it was not JSON), or a failed connection. */
export type RecordedResponse =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body: Json }
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly text: string }
  | { readonly network: 'ECONNRESET' | 'ECONNREFUSED' }

/** One request and what upstream answered to it, as a cassette line holds it (secrets already replaced). */
export interface CassetteExchange {
  /** Milliseconds from the start of the recording to the request. */
  readonly at: number
  /** Milliseconds the answer took. */
  readonly ms: number
  /** The operation's name (sent, else the document's only operation), or null. */
  readonly operationName: string | null
  readonly variables: { readonly [name: string]: Json } | null
  /** `sha256:` of the document text: which exchanges share a document, at a glance. */
  readonly queryHash: string
  /** The document as sent: replay matches on it, and validation reads its selection set. */
  readonly query: string
  readonly response: RecordedResponse
}

/** Response headers worth keeping: what a client reads. Everything else (cookies above all) is dropped. */
export const KEPT_RESPONSE_HEADERS: readonly string[] = ['content-type', 'retry-after', 'allow']

/** A cassette line: the JSON of a header or an exchange, with its newline. */
export const cassetteLine = (entry: CassetteHeader | CassetteExchange): string => `${JSON.stringify(entry)}\n`
