import { type DinoAiClient, DinoAiError } from '@dinoai/client'
import type { Fault, MockDinoAi } from '@dinoai/testing'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { clientOn, credentialed, triggerOn } from './helpers.js'

// Property: under any sequence of faults (before or after the server processed the request) and
// tampered answers, a trigger or a follow-up is never delivered twice. Each message the caller
// sent is in the mock's state at most once, and exactly once when the call resolved.

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

const SEED = 20261204
const RUNS = Number(process.env.DINOAI_FUZZ_RUNS ?? 1000)
const MUTATIONS = ['TriggerDinoaiAgentRun', 'SendDinoaiAgentMessage', 'TriggerDinoaiAgentRunWithModelFamily']

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    kind: fc.constant('http' as const),
    status: fc.constantFrom(500, 502, 503, 504),
    afterProcessing: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('rate-limit' as const), retryAfterSeconds: fc.constantFrom(1, 5, 120) }),
  fc.record({ kind: fc.constant('network' as const), afterProcessing: fc.boolean() }),
  fc.record({ kind: fc.constant('slow' as const), delayMs: fc.constantFrom(10, 2_000) }),
  fc.record({ kind: fc.constant('non-json' as const), status: fc.constantFrom(200, 502) }),
  fc.record({
    kind: fc.constant('graphql-error' as const),
    code: fc.constantFrom('INTERNAL_SERVER_ERROR', 'NOT_FOUND'),
  }),
)

interface Injection {
  n: number
  fault: Fault
  /** The operation the fault waits for; undefined: the next request of any kind. */
  operation: string | undefined
}

const injection: fc.Arbitrary<Injection> = fc.record({
  n: fc.integer({ min: 1, max: 3 }),
  fault,
  operation: fc.option(fc.constantFrom(...MUTATIONS), { nil: undefined }),
})

/** What happens to the answer of the n-th request that reaches the proxy's tampering. */
type Tamper = 'keep' | 'truncate' | 'empty-errors' | 'no-session' | 'status-500'
const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('keep' as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'truncate',
      'empty-errors',
      'no-session',
      'status-500',
    ) as fc.Arbitrary<Tamper>,
  },
)

type Action =
  | { kind: 'trigger'; modelFamily: boolean }
  | { kind: 'send' }
  | { kind: 'triggerAndWait' }
  | { kind: 'sendAndWait' }

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('trigger' as const), modelFamily: fc.boolean() }),
  fc.constant({ kind: 'send' } as const),
  fc.constant({ kind: 'triggerAndWait' } as const),
  fc.constant({ kind: 'sendAndWait' } as const),
)

function tampered(text: string, change: Tamper, status: number): Response {
  const headers = { 'content-type': 'application/json' }
  switch (change) {
    case 'keep':
      return new Response(text, { status, headers })
    case 'truncate':
      return new Response(text.slice(0, Math.floor(text.length / 2)), { status, headers })
    case 'empty-errors':
      return new Response(text.replace(/^\{/, '{"errors":[],'), { status, headers })
    case 'no-session':
      return new Response(text.replaceAll('"agentSessionId":', '"agentSessionID":'), { status, headers })
    case 'status-500':
      return new Response(text, { status: 500, headers })
  }
}

/** Tampers with the answers to mutations only: a mutation's answer is where a duplicate is born. */
function proxy(fetch: Fetch, changes: Tamper[]): Fetch {
  let n = 0
  return async (input, init) => {
    const response = await fetch(input, init)
    const operation = (JSON.parse(String(init?.body)) as { operationName: string }).operationName
    if (!MUTATIONS.includes(operation)) return response
    return tampered(await response.text(), changes[n++] ?? 'keep', response.status)
  }
}

/**
 * How many times `message` was recorded as a user message, over every session of the mock. A trigger
 * sent twice would start two runs that each open with it, so this counts duplicate runs too.
 */
function deliveries(mock: MockDinoAi, message: string): number {
  let count = 0
  for (const run of mock.runs)
    for (const m of run.messages) if (m.role === 'user' && m.content === message) count++
  return count
}

async function act(
  client: DinoAiClient,
  step: Action,
  session: string,
  message: string,
): Promise<string | undefined> {
  const wait = { timeoutMs: 600_000 }
  switch (step.kind) {
    case 'trigger':
      return (await client.triggerRun(step.modelFamily ? { message, modelFamily: 'fast' } : { message }))
        .agentSessionId
    case 'send':
      return (await client.sendMessage(session, message)).agentSessionId
    case 'triggerAndWait':
      return (await client.triggerRunAndWait({ message }, wait)).agentSessionId
    case 'sendAndWait':
      return (await client.sendMessageAndWait(session, message, wait)).agentSessionId
  }
}

interface Case {
  injections: Injection[]
  changes: Tamper[]
  actions: Action[]
}

const cases: fc.Arbitrary<Case> = fc.record({
  injections: fc.array(injection, { maxLength: 4 }),
  changes: fc.array(tamper, { maxLength: 6 }),
  actions: fc.array(action, { minLength: 1, maxLength: 4 }),
})

let caseNumber = 0
const tally = { resolved: 0, rejected: 0, retried: 0 }

async function runCase(mock: MockDinoAi, { injections, changes, actions }: Case): Promise<void> {
  mock.reset()
  const session = await triggerOn(mock, 'the first turn')
  mock.advance(session, 10)
  for (const { n, fault: f, operation } of injections) mock.failNext(n, f, operation)
  const client = clientOn(mock, { fetch: proxy(mock.fetch as Fetch, changes), clock: mock.clock })
  caseNumber++
  for (const [i, step] of actions.entries()) {
    const message = `message ${caseNumber}.${i}`
    const requestsBefore = mock.requests.length
    let resolvedSession: string | undefined
    try {
      resolvedSession = await act(client, step, session, message)
      tally.resolved++
    } catch (error) {
      if (!(error instanceof DinoAiError)) throw error
      tally.rejected++
    }
    const mutationsSent = mock.requests
      .slice(requestsBefore)
      .filter((r) => r.operationName !== null && MUTATIONS.includes(r.operationName)).length
    if (mutationsSent > 1) tally.retried++
    const count = deliveries(mock, message)
    if (count > 1) throw new Error(`${step.kind}: "${message}" was delivered ${count} times`)
    if (resolvedSession !== undefined) {
      if (count !== 1) throw new Error(`${step.kind} resolved, but "${message}" was delivered ${count} times`)
      const run = mock.runs.find((r) => r.agentSessionId === resolvedSession)
      if (!run?.messages.some((m) => m.content === message)) {
        throw new Error(
          `${step.kind} resolved with session ${resolvedSession}, which does not hold "${message}"`,
        )
      }
    }
  }
}

describe('random faults on trigger and send never deliver a message twice', () => {
  test('random fault sequences, tampered answers and retries', async () => {
    const mock = credentialed({ seed: SEED, sleep: 'clock' })
    await fc.assert(
      fc.asyncProperty(cases, (c) => runCase(mock, c)),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
    if (process.env.DINOAI_FUZZ_REPORT) console.log(`fuzz-faults: ${RUNS} cases`, tally)
    // The faults must really bite: some calls fail, some succeed, and some succeed after a retry.
    expect(tally.rejected).toBeGreaterThan(RUNS / 10)
    expect(tally.resolved).toBeGreaterThan(RUNS / 10)
    expect(tally.retried).toBeGreaterThan(0)
  }, 60_000)
})
