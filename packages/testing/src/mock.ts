import type { IMockStore } from '@graphql-tools/mock'
import type { GraphQLSchema } from 'graphql'
import type { MockCredentials } from './auth.js'
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
import { createRandom } from './random.js'
import { createRunStore, type MockRun } from './runs.js'
import { executableSchema, seededMockStore } from './schema.js'
import { realSleep } from './sleep.js'
import { DEFAULT_STEPS, type ScriptMatcher, type Step } from './steps.js'

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
  defaultSteps?: readonly Step[]
  /** How a `slow` fault waits. Default: a real timer that stops when the request is aborted. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Serve this SDL instead of `@dinoai/operations`' schema (e.g. the next version); fields the state lacks get mocked values. */
  schemaSdl?: string
}

/** The state and controls every mock has, in-process or behind HTTP. */
export interface MockDinoAiControls {
  /** The GraphQL endpoint to point a client at. */
  readonly url: string
  /** Scripts the lifecycle of the turns that match; returns a function that removes the script. */
  script(matcher: ScriptMatcher, steps: readonly Step[]): () => void
  /** The next `n` requests (with this operation name, if given) get `fault`. */
  failNext(n: number, fault: Fault, operationName?: string): void
  /** Applies `steps` steps to one run, or to every run, without a read. */
  advance(sessionId?: string, steps?: number): void
  /** Every request so far, oldest first, secrets redacted. */
  readonly requests: RecordedRequest[]
  /** Every session so far, in creation order, as snapshots. */
  readonly runs: MockRun[]
  /** Forgets runs, scripts, pending faults and requests: the mock is as new (ids start over). */
  reset(): void
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

const outcomeHandlers = new WeakMap<MockDinoAiControls, (request: MockRequest) => Promise<MockOutcome>>()

/** The handler behind a mock, for the adapters (HTTP server, MSW) that need faults unconverted. */
export function outcomeHandler(mock: MockDinoAiControls): (request: MockRequest) => Promise<MockOutcome> {
  const handler = outcomeHandlers.get(mock)
  if (!handler)
    throw new MockDinoAiUsageError('Expected a mock made by createMockDinoAi or startMockDinoAiServer.')
  return handler
}

function checkOptions(options: MockDinoAiOptions): void {
  const { seed, followUpStalePolls, credentials } = options
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
  if (
    credentials !== undefined &&
    (typeof credentials.apiSecret !== 'string' || credentials.apiSecret === '')
  ) {
    throw new MockDinoAiUsageError('credentials.apiSecret must be a non-empty string.')
  }
}

// Built when the mock is created, so a bad SDL fails here and not on every request.
function buildSchema(sdl: string | undefined): GraphQLSchema {
  try {
    return executableSchema(sdl)
  } catch (error) {
    throw new MockDinoAiUsageError(
      `schemaSdl is not a valid GraphQL schema: ${(error as Error).message} Pass an SDL such as schemaSdl from @dinoai/operations.`,
    )
  }
}

/**
 * Creates an in-process DinoAI mock: a stateful, schema-true GraphQL API behind `mock.fetch`. It
 * patches no globals and never waits on real timers unless a `slow` fault asks it to.
 */
export function createMockDinoAi(options: MockDinoAiOptions = {}): MockDinoAi {
  checkOptions(options)
  const seed = options.seed ?? 1
  const schema = buildSchema(options.schemaSdl)

  const fresh = () => {
    let tick = 0
    const random = createRandom(seed)
    const mockRandom = createRandom(seed ^ 0x5bd1e995)
    let store: IMockStore | undefined
    return {
      runs: createRunStore({
        random,
        now: options.now ?? (() => DEFAULT_EPOCH_MS + 1250 * tick++),
        followUpStalePolls: options.followUpStalePolls ?? 1,
        defaultSteps: options.defaultSteps ?? DEFAULT_STEPS,
      }),
      mockStore: () => {
        store ??= seededMockStore(schema, mockRandom)
        return store
      },
    }
  }

  let requestCount = 0
  const initial = fresh()
  const ctx: HandlerContext = {
    schema,
    runs: initial.runs,
    mockStore: initial.mockStore,
    faults: createFaultQueue(),
    credentials: options.credentials,
    workspaceUid: options.workspaceUid ?? options.credentials?.workspaceUid ?? DEFAULT_WORKSPACE,
    sleep: options.sleep ?? realSleep,
    requests: [],
    nextRequestId: () => `mock-req-${(++requestCount).toString(16).padStart(8, '0')}`,
  }
  const handle = createHandler(ctx)

  const mock: MockDinoAi = {
    url: 'https://dinoai.mock/graphql',
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
    },
  }
  outcomeHandlers.set(mock, handle)
  return mock
}
