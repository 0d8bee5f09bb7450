import { type DinoAiClient, DinoAiError } from '@dinoai/client'
import type { MockDinoAi } from '@dinoai/testing'
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import {
  API_SECRET,
  clientOn,
  createVirtualClock,
  credentialed,
  triggerOn,
  type VirtualClock,
} from './helpers.js'

// Property: whatever the endpoint answers (the mock's answer kept, edited at a random place, cut,
// replaced, or sent with another HTTP status), every operation and helper ends in a value that
// matches the generated types, or in a DinoAiError. Never another rejection, never a hang, never a
// timer left behind. The checkers below restate the types by hand on purpose: they must not share
// code with the client's validator, or a bug in one would hide in the other.

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const SEED = 20261204
const RUNS = Number(process.env.DINOAI_FUZZ_RUNS ?? 400)
/** Real-time safety net: a call the virtual clock cannot finish in this long is hung. */
const HANG_MS = 5_000

// ---- What the mock's answers are turned into -------------------------------------------------

type Tamper =
  | { kind: 'keep' }
  | { kind: 'set'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; value: Json }
  | { kind: 'raw'; text: string }
  | { kind: 'truncate'; fraction: number }
  | { kind: 'errors'; errors: Json }
  | { kind: 'status'; status: 200 | 400 | 401 | 429 | 500 | 502 }

const json: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>
const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.array(fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }),
)
const errorEntry: fc.Arbitrary<Json> = fc.oneof(
  json,
  fc.record(
    {
      message: fc.oneof(fc.string({ maxLength: 20 }), wrongType),
      path: fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.nat(3)), { maxLength: 3 }), wrongType),
      extensions: fc.oneof(
        fc.record({ code: fc.oneof(fc.constantFrom('NOT_FOUND', 'INTERNAL'), wrongType) }),
        wrongType,
      ),
    },
    { requiredKeys: ['message'] },
  ),
)

const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'keep' } as const) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: wrongType }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: json }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: json }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('raw' as const), text: fc.string({ maxLength: 40 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('truncate' as const),
      fraction: fc.double({ min: 0, max: 0.999, noNaN: true }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('errors' as const),
      errors: fc.oneof(
        { weight: 4, arbitrary: fc.array(errorEntry, { maxLength: 3 }) },
        { weight: 1, arbitrary: wrongType },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      status: fc.constantFrom(200, 400, 401, 429, 500, 502),
    }),
  },
)

/** Every place in a JSON value that an edit can reach, in a fixed order: [parent, key]. */
function places(value: Json): Array<[Json[] | { [key: string]: Json }, string | number]> {
  const found: Array<[Json[] | { [key: string]: Json }, string | number]> = []
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        found.push([node, index])
        visit(child)
      })
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        found.push([node, key])
        visit(child)
      }
    }
  }
  visit(value)
  return found
}

function applyTamper(body: Json, change: Tamper): { text: string; status?: number } {
  switch (change.kind) {
    case 'keep':
      return { text: JSON.stringify(body) }
    case 'set':
    case 'delete': {
      const all = places(body)
      const place = all[change.at % Math.max(all.length, 1)]
      if (!place) return { text: JSON.stringify(body) }
      const [parent, key] = place
      if (change.kind === 'set') (parent as Record<string | number, Json>)[key] = change.value
      else if (Array.isArray(parent)) parent.splice(Number(key), 1)
      else delete parent[key]
      return { text: JSON.stringify(body) }
    }
    case 'replace':
      return { text: JSON.stringify(change.value) }
    case 'raw':
      return { text: change.text }
    case 'truncate': {
      const text = JSON.stringify(body)
      return { text: text.slice(0, Math.floor(text.length * change.fraction)) }
    }
    case 'errors':
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) body.errors = change.errors
      return { text: JSON.stringify(body) }
    case 'status':
      return { text: JSON.stringify(body), status: change.status }
  }
}

/** A proxy in front of the mock: the n-th answer gets the n-th change, later ones are kept. */
function tampering(fetch: Fetch, changes: Tamper[]): Fetch {
  let n = 0
  return async (input, init) => {
    const response = await fetch(input, init)
    const change = changes[n++] ?? { kind: 'keep' }
    const text = await response.text()
    let body: Json
    try {
      body = JSON.parse(text) as Json
    } catch {
      return new Response(text, { status: response.status, headers: response.headers })
    }
    const out = applyTamper(body, change)
    return new Response(out.text, { status: out.status ?? response.status, headers: response.headers })
  }
}

// ---- Independent checkers of the generated types ---------------------------------------------

type Checked = Record<string, unknown>
const isObject = (v: unknown): v is Checked => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string'
const isNullableString = (v: unknown): boolean => v === null || typeof v === 'string'
const isArrayOf = (v: unknown, each: (item: unknown) => boolean): boolean => Array.isArray(v) && v.every(each)

const isMessage = (m: unknown): boolean =>
  isObject(m) && typeof m.ts === 'number' && Number.isFinite(m.ts) && isString(m.role) && isString(m.content)

const isStep = (s: unknown): boolean =>
  isObject(s) &&
  Number.isInteger(s.index) &&
  isString(s.role) &&
  isNullableString(s.toolName) &&
  isNullableString(s.toolInput) &&
  isNullableString(s.content) &&
  typeof s.truncated === 'boolean'

const isStartupStep = (s: unknown): boolean => isObject(s) && isString(s.label) && typeof s.done === 'boolean'

function isRun(v: unknown, withSteps = false): boolean {
  const fields =
    isObject(v) &&
    typeof v.ok === 'boolean' &&
    isString(v.agentSessionId) &&
    isString(v.status) &&
    isArrayOf(v.messages, isMessage) &&
    isArrayOf(v.childSessionIds, isString) &&
    isString(v.workspaceUid)
  if (!fields || !withSteps) return fields
  return (
    (v.steps === null || isArrayOf(v.steps, isStep)) &&
    (v.startupSteps === null || isArrayOf(v.startupSteps, isStartupStep))
  )
}

const isAccepted = (v: unknown, withModelFamily: boolean): boolean =>
  isObject(v) &&
  isString(v.agentSessionId) &&
  v.agentSessionId !== '' &&
  isString(v.status) &&
  (withModelFamily ? isNullableString(v.warning) : v.warning === null)

const isSent = (v: unknown): boolean =>
  isObject(v) && isString(v.agentSessionId) && v.agentSessionId !== '' && isString(v.status)
const isStopped = (v: unknown): boolean => isObject(v) && isString(v.agentSessionId) && isString(v.status)
const isTree = (v: unknown): boolean => isObject(v) && isRun(v.run) && isArrayOf(v.children, isTree)

function isEvent(e: unknown, withSteps: boolean): boolean {
  if (!isObject(e)) return false
  switch (e.type) {
    case 'status':
      return (
        isString(e.status) &&
        (e.previousStatus === undefined || isString(e.previousStatus)) &&
        isRun(e.run, withSteps)
      )
    case 'message':
      return isMessage(e.message) && isRun(e.run, withSteps)
    case 'completed':
      return isRun(e.run, withSteps)
    case 'failed':
      return isRun(e.run, withSteps) && e.error instanceof DinoAiError
    case 'step':
      return withSteps && isStep(e.step) && isRun(e.run, true)
    case 'startup':
      return withSteps && isArrayOf(e.startupSteps, isStartupStep) && isRun(e.run, true)
    case 'warning':
      return withSteps && isObject(e.warning) && isString(e.warning.message)
    default:
      return false
  }
}

async function collect(events: AsyncIterable<unknown>): Promise<unknown[]> {
  const seen: unknown[] = []
  for await (const event of events) seen.push(event)
  return seen
}

// ---- The operations under test --------------------------------------------------------------

interface Operation {
  name: string
  /** Calls the client; `id` is a live run's session. */
  call(client: DinoAiClient, id: string): Promise<unknown>
  /** True when the value has the type the method promises. */
  check(value: unknown): boolean
  /** How many answers the tampering may change. */
  answers: number
}

const WAIT = { timeoutMs: 600_000 } as const

const operations: Operation[] = [
  { name: 'getRun', answers: 1, call: (c, id) => c.getRun(id), check: (v) => isRun(v) },
  {
    name: 'getRun with steps',
    answers: 1,
    call: (c, id) => c.getRun(id, { steps: { after: 0, includeToolIo: true, maxChars: 50 } }),
    check: (v) => isRun(v, true),
  },
  {
    name: 'triggerRun',
    answers: 1,
    call: (c) => c.triggerRun({ message: 'hi' }),
    check: (v) => isAccepted(v, false),
  },
  {
    name: 'triggerRun with a model family',
    answers: 1,
    call: (c) => c.triggerRun({ message: 'hi', modelFamily: 'unknown-family' }),
    check: (v) => isAccepted(v, true),
  },
  { name: 'sendMessage', answers: 1, call: (c, id) => c.sendMessage(id, 'more'), check: isSent },
  { name: 'stopRun', answers: 1, call: (c, id) => c.stopRun(id), check: isStopped },
  { name: 'waitForRun', answers: 6, call: (c, id) => c.waitForRun(id, WAIT), check: (v) => isRun(v) },
  { name: 'waitForRunTree', answers: 6, call: (c, id) => c.waitForRunTree(id, WAIT), check: isTree },
  {
    name: 'triggerRunAndWait',
    answers: 6,
    call: (c) => c.triggerRunAndWait({ message: 'hi' }, WAIT),
    check: (v) => isRun(v),
  },
  {
    name: 'sendMessageAndWait',
    answers: 6,
    call: (c, id) => c.sendMessageAndWait(id, 'more', WAIT),
    check: (v) => isRun(v),
  },
  {
    name: 'watchRun',
    answers: 6,
    call: (c, id) => collect(c.watchRun(id, WAIT)),
    check: (v) => isArrayOf(v, (e) => isEvent(e, false)),
  },
  {
    name: 'watchRun with steps',
    answers: 6,
    call: (c, id) => collect(c.watchRun(id, { ...WAIT, steps: true })),
    check: (v) => isArrayOf(v, (e) => isEvent(e, true)),
  },
]

// ---- Running one case -----------------------------------------------------------------------

type Outcome = { kind: 'value' } | { kind: 'error'; code: string }

const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

async function withinRealTime<T>(promise: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} hung for ${HANG_MS} ms of real time`)), HANG_MS)
  })
  try {
    return await Promise.race([promise, hang])
  } finally {
    clearTimeout(timer)
  }
}

async function runCase(mock: MockDinoAi, operation: Operation, changes: Tamper[]): Promise<Outcome> {
  const id = await triggerOn(mock)
  const clock: VirtualClock = createVirtualClock()
  const client = clientOn(mock, { fetch: clock.track(tampering(mock.fetch as Fetch, changes)), clock })
  const timersBefore = activeTimers()
  let outcome: Outcome
  try {
    const value = await withinRealTime(operation.call(client, id), operation.name)
    if (!operation.check(value))
      throw new Error(
        `${operation.name} resolved with a value that breaks its type: ${JSON.stringify(value)}`,
      )
    outcome = { kind: 'value' }
  } catch (error) {
    if (!(error instanceof DinoAiError)) throw error
    if (!error.message || error.message.includes(API_SECRET))
      throw new Error(`unusable error message: ${error.message}`)
    outcome = { kind: 'error', code: error.code }
  }
  if (clock.pending() !== 0)
    throw new Error(`${operation.name} left ${clock.pending()} virtual timers behind`)
  if (activeTimers() > timersBefore) throw new Error(`${operation.name} left a real timer behind`)
  return outcome
}

// ---- The properties -------------------------------------------------------------------------

const tally = new Map<string, Map<string, number>>()
let total = 0

describe('random answers end in a typed value or a DinoAiError', () => {
  test.each(operations)(
    '$name',
    async (operation) => {
      const mock = credentialed({ seed: SEED })
      const counts = new Map<string, number>()
      await fc.assert(
        fc.asyncProperty(
          fc.array(tamper, { minLength: 1, maxLength: operation.answers }),
          async (changes) => {
            const outcome = await runCase(mock, operation, changes)
            const key = outcome.kind === 'value' ? 'value' : outcome.code
            counts.set(key, (counts.get(key) ?? 0) + 1)
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      tally.set(operation.name, counts)
      total += RUNS
      // The generator must reach both ends: typed values, and answers the validator turns away.
      expect(counts.get('value') ?? 0).toBeGreaterThan(RUNS / 25)
      expect(counts.get('BAD_RESPONSE') ?? 0).toBeGreaterThan(RUNS / 20)
    },
    60_000,
  )

  afterAll(() => {
    // Visible with --reporter=verbose; the closing notes quote these counts.
    const lines = [...tally].map(([name, counts]) => `${name}: ${JSON.stringify(Object.fromEntries(counts))}`)
    if (process.env.DINOAI_FUZZ_REPORT) console.log(`fuzz: ${total} cases\n${lines.join('\n')}`)
  })
})
