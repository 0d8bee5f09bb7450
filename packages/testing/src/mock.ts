import { abortableSleep, schemaSdl } from '@dinoai/operations'
import type { IMockStore } from '@graphql-tools/mock'
import { type GraphQLSchema, printSchema } from 'graphql'
import type { MockCredentials } from './auth.js'
import { createClock, type MockClock } from './clock.js'
import { MockDinoAiUsageError } from './errors.js'
import { createFaultQueue, type Fault } from './faults.js'
import { createFetch, type FetchFunction, toMockRequest, toResponse } from './fetch.js'
import {
  createHandler,
  type HandlerContext,
  type MockOutcome,
  type MockRequest,
  type RecordedRequest,
} from './handler.js'
import { legacySchemaSdl } from './legacy.js'
import type { MockRun } from './mock-run.js'
import { modelFamilies } from './models.js'
import { createRandom } from './random.js'
import { createReplayer, type MockReplay, type ReplayOptions } from './replay/replayer.js'
import type { AdvanceMode } from './run-progress.js'
import { createRunStore } from './runs.js'
import { executableSchema, seededMockStore } from './schema.js'
import { DEFAULT_STEPS, type ScriptMatcher, type ScriptStep } from './steps.js'

/** Options of `createMockDinoAi` (and `startMockDinoAiServer`). */
export interface MockDinoAiOptions {
  /** Seeds session ids and schema-mocked values: the same seed gives the same ids. Default 1. */
  seed?: number
  /** When set, requests without these credentials get HTTP 401. */
  credentials?: MockCredentials
  /** The workspace runs belong to when the request sends no X-Paradime-Workspace. */
  workspaceUid?: string
  /** Reads after a follow-up that still report the previous turn's status. Default 1, as production. */
  followUpStalePolls?: number
  /** ms since the epoch, for message timestamps. Default: a clock that starts at 2024-04-26T14:40:36Z and moves 1.25 s per reading. */
  now?: () => number
  /** The lifecycle of turns no script matches. Default `DEFAULT_STEPS`. */
  defaultSteps?: readonly ScriptStep[]
  /**
   * How a `slow` fault waits: a function, or 'clock' for `mock.clock` (a client on the same clock
   * then sees its request timeout fire without real waiting). Default: a real timer that stops
   * when the request is aborted.
   */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | 'clock'
  /** The clock behind `mock.clock`: 'virtual' (default; sleeps cost no real time) or 'wall'. */
  clock?: 'virtual' | 'wall'
  /**
   * How runs move through their lifecycle: 'per-read' (default: each `dinoaiAgentRun` read applies
   * one step) or `{ everyMs }`: one step per `everyMs` of `mock.clock` time, however often it is read.
   */
  advance?: AdvanceMode
  /** The model families triggers may ask for. Default `['claude', 'gpt', 'gemini']`. */
  modelFamilies?: readonly string[]
  /** The family of runs that ask for none or for an unknown one (which also gets a `warning`). Default: the first of `modelFamilies`. */
  defaultModelFamily?: string
  /**
   * Serve the schema as older backends do, without model families, warnings, steps, the start-up
   * checklist and stop (derived from the served SDL): documents that use them get HTTP 400
   * GRAPHQL_VALIDATION_FAILED, so "send the old document unless asked" can be tested.
   */
  legacy?: boolean

  /**
   * The schema to serve instead of `@dinoai/operations`' (one an app pulled with `dinoai schema pull`,
   * the next version): an SDL string or a GraphQLSchema. Fields the mock keeps no state for get
   * seeded schema-based mock values.
   */
  schema?: string | GraphQLSchema
  /** @deprecated Use `schema`, which takes the same SDL (or a GraphQLSchema). */
  schemaSdl?: string
  /**
   * `false` refuses introspection (`__schema`, `__type`) as a production server with it turned off
   * does: HTTP 400 with graphql-js's validation error. Default `true`.
   */
  introspection?: boolean

  /**
   * Answer from a recorded cassette (a file path, or options) instead of the mock's state; it is
   * read and checked against the served schema here, so a stale one fails at once. See `mock.replay`.
   */
  replay?: string | ReplayOptions
}

/** A mock that answers from a cassette: `mock.replay` tells what it used. */
export interface Replaying {
  /** The replay's state, and `assertDone()` for the end of a test. */
  readonly replay: MockReplay
}

/** The state and controls every mock has, in-process or behind HTTP. */
export interface MockDinoAiControls {
  /** The GraphQL endpoint to point a client at. */
  readonly url: string
  /** Scripts the lifecycle of the turns that match; returns a function that removes the script. */
  script(matcher: ScriptMatcher, steps: readonly ScriptStep[]): () => void
  /** The next `n` requests (with this operation name, if given) get `fault`. */
  failNext(n: number, fault: Fault, operationName?: string): void
  /** Applies `steps` steps to one run, or to every run, without a read. */
  advance(sessionId?: string, steps?: number): void
  /** Every request so far, oldest first, secrets redacted. */
  readonly requests: RecordedRequest[]
  /** Every session so far, in creation order, as snapshots. */
  readonly runs: MockRun[]
  /** Forgets runs, scripts, pending faults and requests: the mock is as new (ids start over; a replay starts the cassette over). The clock keeps its time. */
  reset(): void
  /**
   * The mock's time, in the shape of the client's `Clock`. Pass it to `createDinoAiClient({ clock })`
   * and default 10 s polls cost no real time (with the default virtual clock).
   */
  readonly clock: MockClock
}

/** An in-process mock of the DinoAI API. */
export interface MockDinoAi extends MockDinoAiControls {
  /** A WHATWG fetch served in-process (any URL): pass it to the client, urql or any fetch-based code. */
  readonly fetch: FetchFunction
  /** Answers one Request, e.g. from a service worker or a framework route. */
  handle(request: Request): Promise<Response>
}

const DEFAULT_EPOCH_MS = 1_714_142_436_000
const DEFAULT_WORKSPACE = 'dinoai-mock-workspace'

/** What the adapters (HTTP server, MSW) need from a mock besides its public controls. */
export interface MockInternals {
  /** The handler, with faults unconverted. */
  handle: (request: MockRequest) => Promise<MockOutcome>
  /** Keeps virtual time still while the adapter works on a request. */
  hold: () => () => void
  /** Tells the virtual clock that clients reach the mock over sockets (see clock.ts). */
  overSockets: () => void
}

const internals = new WeakMap<MockDinoAiControls, MockInternals>()

/** The internals behind a mock made by this package. */
export function mockInternals(mock: MockDinoAiControls): MockInternals {
  const found = internals.get(mock)
  if (!found)
    throw new MockDinoAiUsageError('Expected a mock made by createMockDinoAi or startMockDinoAiServer.')
  return found
}

/** Registers the internals of a mock (or of a server wrapping one). */
export function registerInternals(mock: MockDinoAiControls, found: MockInternals): void {
  internals.set(mock, found)
}

function checkOptions(options: MockDinoAiOptions): void {
  const { seed, followUpStalePolls, credentials, clock, sleep, advance, introspection } = options
  if (introspection !== undefined && typeof introspection !== 'boolean') {
    throw new MockDinoAiUsageError(
      `introspection must be true or false, got ${JSON.stringify(introspection)}.`,
    )
  }
  if (
    advance !== undefined &&
    advance !== 'per-read' &&
    !(
      typeof advance === 'object' &&
      advance !== null &&
      Number.isFinite(advance.everyMs) &&
      advance.everyMs > 0
    )
  ) {
    throw new MockDinoAiUsageError(
      `advance must be 'per-read' or { everyMs } with everyMs > 0, got ${JSON.stringify(advance)}.`,
    )
  }
  if (clock !== undefined && clock !== 'virtual' && clock !== 'wall') {
    throw new MockDinoAiUsageError(`clock must be 'virtual' or 'wall', got ${JSON.stringify(clock)}.`)
  }
  if (sleep !== undefined && sleep !== 'clock' && typeof sleep !== 'function') {
    throw new MockDinoAiUsageError("sleep must be a function (ms, signal) => Promise<void> or 'clock'.")
  }
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new MockDinoAiUsageError(`seed must be a finite number, got ${seed}.`)
  }
  if (
    followUpStalePolls !== undefined &&
    !(Number.isInteger(followUpStalePolls) && followUpStalePolls >= 0)
  ) {
    throw new MockDinoAiUsageError(
      `followUpStalePolls must be a whole number >= 0, got ${followUpStalePolls}.`,
    )
  }
  if (credentials !== undefined) checkCredentials(credentials)
}

function checkCredentials(credentials: MockCredentials): void {
  const { apiKey, apiSecret } = credentials
  for (const [name, value] of [
    ['apiKey', apiKey],
    ['apiSecret', apiSecret],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new MockDinoAiUsageError(`credentials.${name} must be a non-empty string when given.`)
    }
  }
  if (apiKey === undefined && apiSecret === undefined) {
    throw new MockDinoAiUsageError(
      'credentials needs an apiKey, an apiSecret or both (leave credentials out to accept every request).',
    )
  }
}

/** The SDL to serve, from `schema` or `schemaSdl` (undefined: the schema of @dinoai/operations). */
function servedSdl(options: MockDinoAiOptions): { sdl: string | undefined; option: string } {
  const { schema, schemaSdl: sdl } = options
  if (schema !== undefined && sdl !== undefined) {
    throw new MockDinoAiUsageError('Pass schema or schemaSdl, not both: schema takes the same SDL.')
  }
  if (schema === undefined) {
    if (sdl !== undefined && typeof sdl !== 'string') {
      throw new MockDinoAiUsageError('schemaSdl must be an SDL string; to pass a GraphQLSchema, use schema.')
    }
    return { sdl, option: 'schemaSdl' }
  }
  if (typeof schema === 'string') return { sdl: schema, option: 'schema' }
  if (typeof schema !== 'object' || schema === null || typeof schema.getQueryType !== 'function') {
    throw new MockDinoAiUsageError('schema must be an SDL string or a GraphQLSchema.')
  }
  // The executable schema is built from SDL (and cached by it), so a schema object goes through it too.
  return { sdl: printSchema(schema), option: 'schema' }
}

// Built when the mock is created, so a bad SDL fails here and not on every request.
function buildSchema(options: MockDinoAiOptions): GraphQLSchema {
  const { sdl, option } = servedSdl(options)
  try {
    return executableSchema(options.legacy === true ? legacySchemaSdl(sdl ?? schemaSdl) : sdl)
  } catch (error) {
    throw new MockDinoAiUsageError(
      `${option} is not a valid GraphQL schema: ${(error as Error).message} Pass an SDL such as schemaSdl from @dinoai/operations.`,
    )
  }
}

/** The state `reset()` starts over: runs (ids from the seed again) and schema-mocked values. */
function freshState(options: MockDinoAiOptions, seed: number, schema: GraphQLSchema, clockNow: () => number) {
  let tick = 0
  const random = createRandom(seed)
  const mockRandom = createRandom(seed ^ 0x5bd1e995)
  let store: IMockStore | undefined
  return {
    runs: createRunStore({
      random,
      now: options.now ?? (() => DEFAULT_EPOCH_MS + 1250 * tick++),
      clockNow,
      advance: options.advance ?? 'per-read',
      followUpStalePolls: options.followUpStalePolls ?? 1,
      defaultSteps: options.defaultSteps ?? DEFAULT_STEPS,
    }),
    mockStore: () => {
      store ??= seededMockStore(schema, mockRandom)
      return store
    },
  }
}

/**
 * Creates an in-process DinoAI mock: a stateful, schema-true GraphQL API behind `mock.fetch`. It
 * patches no globals and never waits on real timers unless a `slow` fault asks it to. With
 * `replay`, it answers what a recording answered instead (and has `mock.replay`).
 */
export function createMockDinoAi(
  options: MockDinoAiOptions & { replay: string | ReplayOptions },
): MockDinoAi & Replaying
export function createMockDinoAi(options?: MockDinoAiOptions): MockDinoAi
export function createMockDinoAi(options: MockDinoAiOptions = {}): MockDinoAi | (MockDinoAi & Replaying) {
  checkOptions(options)
  const seed = options.seed ?? 1
  const schema = buildSchema(options)
  const models = modelFamilies(options.modelFamilies, options.defaultModelFamily)
  const time = createClock(options.clock ?? 'virtual', createRandom(seed ^ 0x2c1b3c6d))

  const fresh = () => freshState(options, seed, schema, time.clock.now)

  let requestCount = 0
  const initial = fresh()
  const sleep = options.sleep === 'clock' ? time.clock.sleep : (options.sleep ?? abortableSleep)
  const ctx: HandlerContext = {
    schema,
    introspection: options.introspection !== false,
    runs: initial.runs,
    mockStore: initial.mockStore,
    faults: createFaultQueue(),
    credentials: options.credentials,
    models,
    workspaceUid: options.workspaceUid ?? options.credentials?.workspaceUid ?? DEFAULT_WORKSPACE,
    sleep,
    sleepsOnClock: options.sleep === 'clock',
    hold: time.hold,
    requests: [],
    nextRequestId: () => `mock-req-${(++requestCount).toString(16).padStart(8, '0')}`,
  }
  const replayer =
    options.replay === undefined ? undefined : createReplayer(options.replay, schema, time.clock)
  ctx.replay = replayer?.answer
  const handle = createHandler(ctx)

  const mock: MockDinoAi = {
    url: 'https://dinoai.mock/graphql',
    clock: time.clock,
    fetch: createFetch(handle),
    async handle(request) {
      return toResponse(await handle(toMockRequest(request, undefined)), request.url)
    },
    script: (matcher, steps) => ctx.runs.script(matcher, steps),
    failNext: (n, fault, operationName) => ctx.faults.add(n, fault, operationName),
    advance: (sessionId, steps) => ctx.runs.advance(sessionId, steps),
    get requests() {
      return ctx.requests.map((r) => ({ ...r, headers: { ...r.headers }, errors: [...r.errors] }))
    },
    get runs() {
      return ctx.runs.runs()
    },
    reset() {
      const next = fresh()
      ctx.runs = next.runs
      ctx.mockStore = next.mockStore
      ctx.faults.clear()
      ctx.requests.length = 0
      requestCount = 0
      replayer?.reset()
    },
  }
  registerInternals(mock, { handle, hold: time.hold, overSockets: time.overSockets })
  return replayer ? Object.assign(mock, { replay: replayer.controls }) : mock
}
