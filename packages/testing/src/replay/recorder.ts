import { createHash } from 'node:crypto'
import { schemaSdl } from '@dinoai/operations'
import { MockDinoAiUsageError } from '../errors.js'
import { createFetch, type FetchFunction } from '../fetch.js'
import { BadRequest, type MockOutcome, type MockRequest } from '../handler.js'
import { operationNameOf } from './document.js'
import {
  CASSETTE_VERSION,
  type CassetteExchange,
  type CassetteHeader,
  KEPT_RESPONSE_HEADERS,
  type RecordedResponse,
} from './format.js'
import { isJsonObject, type Json, mapStrings } from './json.js'
import { CREDENTIAL_HEADERS, createSecretScrubber, type SecretScrubber } from './redact.js'
import { createSessionNamer, type SessionNamer } from './sessions.js'
import { type CassetteWriter, openCassetteWriter } from './writer.js'

/** Options of `recordDinoAi` (and `startDinoAiRecorder`). */
export interface RecordDinoAiOptions {
  /** The GraphQL endpoint to record, e.g. your region's DinoAI API URL. Every request goes there, whatever URL it names. */
  upstream: string
  /** The cassette file to write (NDJSON; its folder is created). */
  cassette: string
  /**
   * Sent upstream on every request in place of the caller's credential and workspace headers, so
   * that the recorder holds the real credentials and its callers need none (the CLI passes the
   * headers @dinoai/client builds from PARADIME_*). Without it, the caller's headers go upstream.
   */
  headers?: Readonly<Record<string, string>>
  /** Strings replaced by `[redacted]` wherever they appear (your API key and secret). Values of credential headers are replaced too. */
  secrets?: readonly string[]
  /** Replace a cassette that already holds exchanges, instead of refusing. Default false. */
  overwrite?: boolean
  /** How upstream is reached. Default the global fetch. */
  fetch?: FetchFunction
}

/** A recording in progress, in-process. */
export interface DinoAiRecorder {
  /** A fetch that forwards each request upstream, answers with what upstream answered and records the exchange. */
  readonly fetch: FetchFunction
  /** Exchanges written to the cassette so far. */
  readonly exchanges: number
  /** Waits for the requests in flight, then flushes and closes the cassette. Safe to call twice. */
  close(): Promise<void>
}

// Headers that describe one hop, not the request: the fetch to upstream sets its own.
const HOP_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'accept-encoding',
  'expect',
  'upgrade',
])
// What fetch already undid (decompression) or recomputes when the answer is passed on.
const STALE_RESPONSE_HEADERS = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
])

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`

/** The GraphQL parameters of a request, or undefined for one that is not GraphQL over HTTP (forwarded, not recorded). */
function graphqlParams(
  method: string,
  url: string,
  text: string,
): { query: string; variables: { [name: string]: Json } | null; operationName: string | null } | undefined {
  let raw: Json | undefined
  if (method === 'GET') {
    const search = new URL(url, 'http://recorder.invalid').searchParams
    try {
      const variables = search.get('variables')
      raw = {
        query: search.get('query'),
        variables: variables ? JSON.parse(variables) : null,
        operationName: search.get('operationName'),
      }
    } catch {
      return undefined
    }
  } else {
    try {
      raw = JSON.parse(text)
    } catch {
      return undefined
    }
  }
  if (!isJsonObject(raw) || typeof raw.query !== 'string') return undefined
  const { query, variables, operationName } = raw
  return {
    query,
    variables: isJsonObject(variables) ? variables : null,
    operationName: typeof operationName === 'string' ? operationName : null,
  }
}

function upstreamHeaders(
  request: Headers,
  replacement: Readonly<Record<string, string>> | undefined,
): Headers {
  const out = new Headers()
  request.forEach((value, name) => {
    if (HOP_HEADERS.has(name)) return
    if (replacement && (CREDENTIAL_HEADERS.has(name) || name === 'x-paradime-workspace')) return
    out.set(name, value)
  })
  if (replacement) for (const [name, value] of Object.entries(replacement)) out.set(name, value)
  return out
}

/** The failure a fetch rejected with, as the cassette and the HTTP server name it. */
function networkCode(error: unknown): 'ECONNRESET' | 'ECONNREFUSED' {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause
  return cause?.code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'ECONNRESET'
}

/** What upstream answered, as the cassette keeps it: status, the headers clients read, JSON body or text. */
function recordedResponse(status: number, headers: Headers, text: string): RecordedResponse {
  const kept: Record<string, string> = {}
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = headers.get(name)
    if (value !== null) kept[name] = value
  }
  try {
    return { status, headers: kept, body: JSON.parse(text) }
  } catch {
    return { status, headers: kept, text }
  }
}

/** Redaction and session placeholders over every string of an exchange, before it is written. */
function cleaned(
  exchange: Omit<CassetteExchange, 'queryHash'>,
  scrubber: SecretScrubber,
  namer: SessionNamer,
): CassetteExchange {
  const clean = (text: string) => namer.rename(scrubber.scrub(text))
  const { response } = exchange
  let stored: RecordedResponse = response
  if (!('network' in response)) {
    const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, clean(v)]))
    stored =
      'body' in response
        ? { status: response.status, headers, body: mapStrings(response.body, clean) }
        : { status: response.status, headers, text: clean(response.text) }
  }
  const query = clean(exchange.query)
  const variables = exchange.variables === null ? null : mapStrings(exchange.variables, clean)
  return {
    at: exchange.at,
    ms: exchange.ms,
    operationName: exchange.operationName === null ? null : clean(exchange.operationName),
    variables: isJsonObject(variables) ? variables : null,
    queryHash: sha256(query),
    query,
    response: stored,
  }
}

/** The recorder's handler, the same shape as the mock's, so the HTTP server serves either. */
export interface RecordingHandler {
  handle(request: MockRequest): Promise<MockOutcome>
  readonly exchanges: number
  close(): Promise<void>
}

/** One recording's state: where it forwards, how it cleans what it writes, and the cassette. */
interface Recording {
  readonly upstream: string
  readonly replacement: Readonly<Record<string, string>> | undefined
  readonly upstreamFetch: FetchFunction
  readonly scrubber: SecretScrubber
  readonly namer: SessionNamer
  /** performance.now() when recording started: exchanges are timed from it. */
  readonly started: number
  readonly writer: CassetteWriter
  exchanges: number
}

function openRecording(options: RecordDinoAiOptions): Recording {
  const { upstream, cassette, headers: replacement, overwrite = false } = options
  if (typeof upstream !== 'string' || !/^https?:\/\//.test(upstream) || !URL.canParse(upstream))
    throw new MockDinoAiUsageError(`upstream must be an http(s) URL, got ${JSON.stringify(upstream)}.`)
  if (typeof cassette !== 'string' || cassette === '')
    throw new MockDinoAiUsageError('cassette must be the path of the file to record to.')
  const scrubber = createSecretScrubber(options.secrets)
  if (replacement) scrubber.addHeaders(replacement)
  const header: CassetteHeader = {
    cassette: 'dinoai',
    version: CASSETTE_VERSION,
    schemaHash: sha256(schemaSdl),
    recordedAt: new Date().toISOString(),
  }
  return {
    upstream,
    replacement,
    upstreamFetch: options.fetch ?? globalThis.fetch,
    scrubber,
    namer: createSessionNamer(),
    started: performance.now(),
    writer: openCassetteWriter(cassette, header, overwrite),
    exchanges: 0,
  }
}

function record(rec: Recording, entry: Omit<CassetteExchange, 'queryHash'>, body: Json): void {
  rec.namer.learn(entry, body)
  rec.writer.append(cleaned(entry, rec.scrubber, rec.namer))
  rec.exchanges++
}

/** The request's body, or the answer to a body the adapter refused (over the size limit). */
async function bodyOf(request: MockRequest): Promise<string | MockOutcome> {
  try {
    return await request.text()
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error
    return {
      kind: 'response',
      status: error.status,
      headers: { 'content-type': 'text/plain' },
      body: error.message,
    }
  }
}

/** What upstream answered (or a failed connection's code), as the caller will get it. */
type UpstreamAnswer =
  | { status: number; headers: Headers; body: string }
  | { network: 'ECONNRESET' | 'ECONNREFUSED' }

async function askUpstream(rec: Recording, request: MockRequest, text: string): Promise<UpstreamAnswer> {
  const target = new URL(rec.upstream)
  // A GET carries the request in its query string: it goes upstream with it.
  if (request.method === 'GET') target.search = new URL(request.url, 'http://recorder.invalid').search
  try {
    const response = await rec.upstreamFetch(target.href, {
      method: request.method,
      headers: upstreamHeaders(request.headers, rec.replacement),
      ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: text }),
      ...(request.signal ? { signal: request.signal } : {}),
    })
    return { status: response.status, headers: response.headers, body: await response.text() }
  } catch (error) {
    // A caller that gave up never saw an answer: nothing to replay.
    if (request.signal?.aborted) throw error
    return { network: networkCode(error) }
  }
}

/** Forwards one request, records the exchange when it is GraphQL, and answers as upstream did. */
async function forward(rec: Recording, request: MockRequest): Promise<MockOutcome> {
  const text = await bodyOf(request)
  if (typeof text !== 'string') return text
  rec.scrubber.addHeaders(request.headers)
  const params = graphqlParams(request.method, request.url, text)
  const at = performance.now()
  const answer = await askUpstream(rec, request, text)
  const ms = Math.round(performance.now() - at)
  const base = params && {
    at: Math.round(at - rec.started),
    ms,
    operationName: operationNameOf(params.query, params.operationName),
    variables: params.variables,
    query: params.query,
  }
  if ('network' in answer) {
    if (base) record(rec, { ...base, response: { network: answer.network } }, null)
    return { kind: 'network', code: answer.network }
  }
  const recorded = recordedResponse(answer.status, answer.headers, answer.body)
  if (base) record(rec, { ...base, response: recorded }, 'body' in recorded ? recorded.body : null)
  const passed: Record<string, string> = {}
  answer.headers.forEach((value, name) => {
    if (!STALE_RESPONSE_HEADERS.has(name)) passed[name] = value
  })
  return { kind: 'response', status: answer.status, headers: passed, body: answer.body }
}

/** Builds the handler that forwards, answers and records. */
export function createRecordingHandler(options: RecordDinoAiOptions): RecordingHandler {
  const rec = openRecording(options)
  const inFlight = new Set<Promise<unknown>>()
  let closing: Promise<void> | undefined
  return {
    handle(request) {
      if (closing)
        return Promise.reject(
          new MockDinoAiUsageError('The recorder is closed: start a new one to record more.'),
        )
      const answer = forward(rec, request)
      inFlight.add(answer)
      answer.then(
        () => inFlight.delete(answer),
        () => inFlight.delete(answer),
      )
      return answer
    },
    get exchanges() {
      return rec.exchanges
    },
    close() {
      closing ??= Promise.allSettled([...inFlight]).then(() => rec.writer.close())
      return closing
    },
  }
}

/**
 * Records what an API answers: `recorder.fetch` forwards each request to `upstream`, answers with
 * what came back (errors, resets and GraphQL errors included, unchanged) and appends the exchange
 * to the cassette once the answer is complete. Credential headers are never recorded, and every
 * secret is replaced wherever it appears. Replay the cassette with `createMockDinoAi({ replay })`.
 */
export function recordDinoAi(options: RecordDinoAiOptions): DinoAiRecorder {
  const handler = createRecordingHandler(options)
  return {
    fetch: createFetch((request) => handler.handle(request)),
    get exchanges() {
      return handler.exchanges
    },
    close: () => handler.close(),
  }
}
