import type { GraphQLSchema } from 'graphql'
import type { MockClock } from '../clock.js'
import { MockDinoAiUsageError } from '../errors.js'
import { CassetteError } from './cassette-error.js'
import { documentKey } from './document.js'
import type { CassetteExchange } from './format.js'
import { isJsonObject, type Json, mapStrings } from './json.js'
import { type CheckedCassette, loadCassette } from './load.js'
import { type ComparableRequest, type Entry, explainUnmatched, indexEntries, requestKey } from './match.js'
import { FRESH_ID, freshSessionId, PLACEHOLDER } from './sessions.js'

/** How a mock replays a cassette: `createMockDinoAi({ replay: 'file.ndjson' })`, or these options. */
export interface ReplayOptions {
  /** The cassette file (NDJSON) to answer from. */
  cassette: string
  /** The cassette's text, when it is not read from disk (a browser): `cassette` then only names it in messages. */
  text?: string
  /**
   * Serve the recording more than once: a request that finds every equal recorded exchange used
   * starts another pass over the cassette, with fresh session ids (many tests on one replay
   * server). Requests for a session stay in that session's pass. Default false: each exchange
   * answers once.
   */
  repeat?: boolean
  /** 'recorded' (default): each answer takes its recorded time on `mock.clock` (virtual: no real time); 'none': at once. */
  latency?: 'recorded' | 'none'
}

/** A request the replay is asked to answer. */
export interface ReplayRequest {
  readonly operationName: string | null
  readonly query: string
  readonly variables: Readonly<Record<string, unknown>> | null
}

/** What a replay answers: a recorded response or reset, or why nothing matched. */
export type ReplayOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string; errors: string[] }
  | { kind: 'network'; code: 'ECONNRESET' | 'ECONNREFUSED' }
  | { kind: 'unmatched'; message: string }

/** Answers one request from the cassette; `wait` lets the mock's clock run during the recorded latency. */
export type ReplayAnswerer = (
  request: ReplayRequest,
  wait: (sleep: () => Promise<void>) => Promise<void>,
) => Promise<ReplayOutcome>

/** A recorded exchange, as `pending` lists it. */
export interface ReplayExchange {
  /** The cassette line it was read from. */
  readonly line: number
  readonly operationName: string | null
  readonly variables: Readonly<Record<string, unknown>> | null
}

/** The replay's state and its end-of-test check, as `mock.replay`. */
export interface MockReplay {
  /** The cassette file. */
  readonly cassette: string
  /** Recorded exchanges no request has been answered with yet, in cassette order. */
  readonly pending: ReplayExchange[]
  /** Why each request that matched no recorded exchange did not, oldest first. */
  readonly unmatched: string[]
  /**
   * Throws a CassetteError (kind 'incomplete') when a recorded exchange was never used or a request
   * matched none, naming them: the code under test did not do what the recording did.
   */
  assertDone(): void
}

/** One pass over the cassette: which exchanges of each key it used, and the ids it handed out. */
interface Pass {
  readonly cursors: Map<string, number>
  /** Placeholder to fresh id. */
  readonly fresh: Map<string, string>
}

interface Prepared {
  readonly entry: Entry
  readonly outcome: Exclude<ReplayOutcome, { kind: 'unmatched' }>
}

function errorsOf(body: Json): string[] {
  if (!isJsonObject(body) || !Array.isArray(body.errors)) return []
  return body.errors.map((e) => (isJsonObject(e) && typeof e.message === 'string' ? e.message : String(e)))
}

/** The answer of a recorded exchange, its body text ready for the placeholders to be filled in. */
function outcomeOf(exchange: CassetteExchange): Prepared['outcome'] {
  const { response } = exchange
  if ('network' in response) return { kind: 'network', code: response.network }
  const headers = { ...response.headers }
  if ('body' in response)
    return {
      kind: 'response',
      status: response.status,
      headers,
      body: JSON.stringify(response.body),
      errors: errorsOf(response.body),
    }
  return { kind: 'response', status: response.status, headers, body: response.text, errors: [] }
}

function toJson(value: unknown): Json {
  // Variables come from JSON.parse of the request body, so this is the identity in practice.
  return JSON.parse(JSON.stringify(value ?? null))
}

function checkOptions(options: ReplayOptions): void {
  if (typeof options.cassette !== 'string' || options.cassette === '')
    throw new MockDinoAiUsageError(
      'replay needs the cassette file: replay: "path/to/cassette.ndjson" or { cassette }.',
    )
  if (options.latency !== undefined && options.latency !== 'recorded' && options.latency !== 'none')
    throw new MockDinoAiUsageError(
      `replay.latency must be 'recorded' or 'none', got ${JSON.stringify(options.latency)}.`,
    )
}

/** One replay: its cassette, and what it has used so far (passes, ids, counts), which `reset()` clears. */
interface Replay {
  readonly file: string
  readonly entries: readonly Entry[]
  readonly byKey: ReadonlyMap<string, readonly Entry[]>
  /** Built on first use: a body is serialised only when a request is answered with it. */
  readonly outcomes: (Prepared['outcome'] | undefined)[]
  readonly repeat: boolean
  readonly latency: 'recorded' | 'none'
  passes: Pass[]
  /** Fresh id handed out to the pass and placeholder it stands for. */
  owners: Map<string, { pass: Pass; placeholder: string }>
  usedCount: Uint32Array
  unmatched: string[]
}

function newPass(replay: Replay): Pass {
  const pass: Pass = { cursors: new Map(), fresh: new Map() }
  replay.passes.push(pass)
  return pass
}

/** The request with this replay's fresh ids turned back into placeholders, and the pass they belong to. */
function comparable(
  replay: Replay,
  request: ReplayRequest,
): { request: ComparableRequest; pass: Pass | undefined } {
  let pass: Pass | undefined
  const back = (text: string) =>
    text.replace(FRESH_ID, (id) => {
      const owner = replay.owners.get(id)
      if (!owner) return id
      pass ??= owner.pass
      return owner.placeholder
    })
  const variables = request.variables === null ? null : mapStrings(toJson(request.variables), back)
  return {
    request: {
      operationName: request.operationName,
      query: back(request.query),
      variables: isJsonObject(variables) ? variables : null,
    },
    pass,
  }
}

function take(replay: Replay, pass: Pass, key: string): Entry | undefined {
  const list = replay.byKey.get(key)
  const at = pass.cursors.get(key) ?? 0
  const entry = list?.[at]
  if (entry) pass.cursors.set(key, at + 1)
  return entry
}

/** The pass and entry that answer a request: its session's pass, else the first with one left. */
function find(
  replay: Replay,
  key: string,
  owned: Pass | undefined,
): { entry: Entry; pass: Pass } | undefined {
  for (const pass of owned ? [owned] : replay.passes) {
    const entry = take(replay, pass, key)
    if (entry) return { entry, pass }
  }
  if (!owned && replay.repeat && replay.byKey.has(key)) {
    const pass = newPass(replay)
    const entry = take(replay, pass, key)
    if (entry) return { entry, pass }
  }
  return undefined
}

/** The recorded text with each session placeholder replaced by this pass's fresh id for it. */
function fill(replay: Replay, pass: Pass, text: string): string {
  return text.replace(PLACEHOLDER, (placeholder) => {
    let id = pass.fresh.get(placeholder)
    if (id === undefined) {
      do id = freshSessionId()
      while (replay.owners.has(id))
      pass.fresh.set(placeholder, id)
      replay.owners.set(id, { pass, placeholder })
    }
    return id
  })
}

async function answerFrom(
  replay: Replay,
  clock: MockClock,
  request: ReplayRequest,
  wait: (sleep: () => Promise<void>) => Promise<void>,
): Promise<ReplayOutcome> {
  const { request: sent, pass: owned } = comparable(replay, request)
  const found = find(replay, requestKey(sent), owned)
  if (!found) {
    const used = (e: Entry) => (replay.usedCount[e.index] ?? 0) > 0
    const message = explainUnmatched(replay.file, replay.byKey, replay.entries, used, sent)
    replay.unmatched.push(message)
    return { kind: 'unmatched', message }
  }
  const { entry, pass } = found
  replay.usedCount[entry.index] = (replay.usedCount[entry.index] ?? 0) + 1
  replay.outcomes[entry.index] ??= outcomeOf(entry.exchange)
  const outcome = replay.outcomes[entry.index] ?? outcomeOf(entry.exchange)
  if (replay.latency === 'recorded' && entry.exchange.ms > 0) await wait(() => clock.sleep(entry.exchange.ms))
  if (outcome.kind === 'network') return outcome
  return {
    ...outcome,
    headers: { ...outcome.headers },
    body: fill(replay, pass, outcome.body),
    errors: [...outcome.errors],
  }
}

function pendingOf(replay: Replay): ReplayExchange[] {
  return replay.entries
    .filter((e) => (replay.usedCount[e.index] ?? 0) === 0)
    .map((e) => ({ line: e.line, operationName: e.exchange.operationName, variables: e.exchange.variables }))
}

/** Throws the 'incomplete' CassetteError when an exchange went unused or a request matched none. */
function assertDone(replay: Replay): void {
  const pending = pendingOf(replay)
  const { unmatched } = replay
  if (pending.length === 0 && unmatched.length === 0) return
  const parts = [
    ...(pending.length
      ? [
          `${pending.length} recorded exchange${pending.length === 1 ? ' was' : 's were'} never used (line${pending.length === 1 ? '' : 's'} ${pending.map((p) => `${p.line} ${p.operationName ?? 'unnamed'}`).join(', ')})`,
        ]
      : []),
    ...(unmatched.length
      ? [
          `${unmatched.length} request${unmatched.length === 1 ? '' : 's'} matched none: ${unmatched.join(' | ')}`,
        ]
      : []),
  ]
  throw new CassetteError(
    'incomplete',
    replay.file,
    undefined,
    `the replay did not go as recorded: ${parts.join('; ')}. If the code changed on purpose, record the cassette again.`,
  )
}

/** Loads (and validates) a cassette and builds what the mock's handler calls to answer from it. */
export function createReplayer(
  given: string | ReplayOptions,
  schema: GraphQLSchema,
  clock: MockClock,
): { answer: ReplayAnswerer; controls: MockReplay; reset(): void } {
  const options: ReplayOptions = typeof given === 'string' ? { cassette: given } : given
  checkOptions(options)
  const file = options.cassette
  const loaded: CheckedCassette = loadCassette({ file, text: options.text }, schema)
  const entries: Entry[] = loaded.exchanges.map(({ line, exchange }, index) => ({
    index,
    line,
    exchange,
    key: requestKey(exchange),
    document: documentKey(exchange.query).text,
  }))
  const replay: Replay = {
    file,
    entries,
    byKey: indexEntries(entries),
    outcomes: new Array(entries.length),
    repeat: options.repeat === true,
    latency: options.latency ?? 'recorded',
    passes: [],
    owners: new Map(),
    usedCount: new Uint32Array(entries.length),
    unmatched: [],
  }
  newPass(replay)
  const controls: MockReplay = {
    cassette: file,
    get pending() {
      return pendingOf(replay)
    },
    get unmatched() {
      return [...replay.unmatched]
    },
    assertDone: () => assertDone(replay),
  }
  return {
    answer: (request, wait) => answerFrom(replay, clock, request, wait),
    controls,
    reset() {
      replay.passes = []
      replay.owners = new Map()
      replay.usedCount = new Uint32Array(entries.length)
      replay.unmatched = []
      newPass(replay)
    },
  }
}
