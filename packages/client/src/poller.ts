import type { Clock } from './clock.js'
import { DinoAiGraphQLError, DinoAiRateLimitError, type GraphQLErrorEntry } from './errors.js'
import { readRun, readRunWithSteps } from './operations.js'
import { type ReadAnswer, readRuns } from './poll-read.js'
import {
  advanceCursor,
  createSession,
  type InFlightRead,
  join,
  nextStepsRequest,
  type PollSubscriber,
  type Session,
  scheduleNextRead,
  sessionKey,
  takesRead,
} from './poll-session.js'
import { createWakeTimer, type WakeTimer } from './poll-timer.js'
import { newerApiHint } from './request.js'
import { isRetryable, type RetryPolicy } from './retry.js'
import { type PolledRun, stepsVariables } from './steps.js'
import type { Transport } from './transport.js'

export type { PollSubscriber } from './poll-session.js'

/** The shared poller: one read per session per tick, many sessions per request. */
export interface Poller {
  /** Starts polling (the first read is immediate) and returns the unsubscribe function. */
  subscribe(subscriber: PollSubscriber): () => void
  /** Sessions being polled now, for tests and diagnostics. */
  readonly activeSessions: number
}

/** Everything one poller owns; the functions below each do one part of its job on it. */
interface PollerState {
  readonly transport: Transport
  readonly clock: Clock
  /** A wait has its own deadline, so any Retry-After is worth waiting out. */
  readonly waitRetry: RetryPolicy
  readonly maxBatchSize: number
  readonly sessions: Map<string, Session>
  readonly timer: WakeTimer
}

/**
 * Creates the poller. A single timer drives every session: it wakes at the earliest due read or
 * deadline, sends the due reads in batches of at most `maxBatchSize` aliased `dinoaiAgentRun`
 * fields (sessions read with steps in batches of their own), and is cleared when nothing is left to poll.
 */
export function createPoller(
  transport: Transport,
  clock: Clock,
  retry: RetryPolicy,
  maxBatchSize: number,
): Poller {
  const state: PollerState = {
    transport,
    clock,
    waitRetry: { ...retry, maxRetryAfterMs: Number.POSITIVE_INFINITY },
    maxBatchSize,
    sessions: new Map(),
    timer: createWakeTimer(clock, () => tick(state)),
  }
  return {
    subscribe: (subscriber) => subscribe(state, subscriber),
    get activeSessions() {
      return state.sessions.size
    },
  }
}

function subscribe(state: PollerState, subscriber: PollSubscriber): () => void {
  const key = sessionKey(subscriber)
  const session = state.sessions.get(key) ?? createSession(subscriber)
  state.sessions.set(key, session)
  join(session, subscriber, state.clock.now())
  schedule(state)
  let active = true
  return () => {
    if (!active) return
    active = false
    if (session.subscribers.has(subscriber)) remove(state, session, subscriber)
    schedule(state)
  }
}

/** Sets the timer to the earliest due read or deadline. */
function schedule(state: PollerState): void {
  let next = Number.POSITIVE_INFINITY
  for (const session of state.sessions.values()) {
    // A read in flight is allowed to finish (requestTimeoutMs bounds it) before its subscribers
    // time out: its answer may be the one they wait for, and a clock that jumps ahead in tests
    // must not expire a wait while a request is still on its way.
    if (session.inFlight) continue
    next = Math.min(next, session.dueAt)
    for (const subscriber of session.subscribers) next = Math.min(next, subscriber.deadline)
  }
  state.timer.set(next)
}

function remove(state: PollerState, session: Session, subscriber: PollSubscriber): void {
  session.subscribers.delete(subscriber)
  session.primed.delete(subscriber)
  if (session.subscribers.size > 0) return
  if (state.sessions.get(session.key) === session) state.sessions.delete(session.key)
  const batch = session.inFlight
  // Nobody waits for any session of this request any more: cancel it.
  if (batch?.sessions.every((s) => s.subscribers.size === 0)) batch.controller.abort()
}

function fail(state: PollerState, session: Session, error: unknown): void {
  for (const subscriber of [...session.subscribers]) {
    remove(state, session, subscriber)
    subscriber.onError(error)
  }
}

/** Times out the subscribers whose deadline passed, then sends every read that is due. */
function tick(state: PollerState): void {
  const now = state.clock.now()
  for (const session of [...state.sessions.values()]) {
    if (session.inFlight) continue
    for (const subscriber of [...session.subscribers]) {
      if (subscriber.deadline > now) continue
      remove(state, session, subscriber)
      subscriber.onTimeout()
    }
  }
  const due = [...state.sessions.values()].filter(
    (s) => !s.inFlight && s.subscribers.size > 0 && s.dueAt - s.flexMs <= now,
  )
  // Sessions read with steps use another document, so they go out in batches of their own.
  for (const group of [due.filter((s) => !s.steps), due.filter((s) => s.steps)]) {
    for (let i = 0; i < group.length; i += state.maxBatchSize)
      read(state, group.slice(i, i + state.maxBatchSize))
  }
  schedule(state)
}

/** One request for a batch of sessions: the older document, or (all with steps) the steps document. */
function send(state: PollerState, batch: Session[], inFlight: InFlightRead): Promise<ReadAnswer<PolledRun>> {
  const { signal } = inFlight.controller
  if (!batch.some((s) => s.steps)) {
    return readRuns(
      state.transport,
      readRun.document,
      batch.map((s) => ({ agentSessionId: s.id })),
      signal,
    )
  }
  const reads = batch.map((session) => {
    const request = nextStepsRequest(session)
    if (request.after === undefined) inFlight.full.add(session)
    return stepsVariables(session.id, request)
  })
  return readRuns(state.transport, readRunWithSteps.document, reads, signal)
}

function read(state: PollerState, batch: Session[]): void {
  const inFlight: InFlightRead = { controller: new AbortController(), sessions: batch, full: new Set() }
  for (const session of batch) session.inFlight = inFlight
  send(state, batch, inFlight).then(
    (answer) => {
      for (const session of batch) session.inFlight = undefined
      distribute(state, inFlight, answer)
      schedule(state)
    },
    (error: unknown) => {
      for (const session of batch) session.inFlight = undefined
      if (!inFlight.controller.signal.aborted) retryLater(state, batch, error)
      schedule(state)
    },
  )
}

/** A transient failure does not end a wait: read again later, until the deadline. Others end it. */
function retryLater(state: PollerState, batch: Session[], error: unknown): void {
  const now = state.clock.now()
  const transient = isRetryable(error, 'query', state.waitRetry)
  const retryAfter = error instanceof DinoAiRateLimitError ? (error.retryAfterMs ?? 0) : 0
  for (const session of batch) {
    if (session.subscribers.size === 0) continue
    if (transient) scheduleNextRead(session, now, state.clock.random, retryAfter)
    else fail(state, session, error)
  }
}

/**
 * Hands each session its run, fails the sessions the answer has an error (or a malformed run) for,
 * re-reads the others.
 */
function distribute(state: PollerState, inFlight: InFlightRead, answer: ReadAnswer<PolledRun>): void {
  const now = state.clock.now()
  // Errors without a path concern the whole request, so every session of the batch.
  const global = answer.errors.filter((e) => !e.path || e.path.length === 0)
  inFlight.sessions.forEach((session, index) => {
    if (session.subscribers.size === 0) return
    const run = answer.runs[index]
    const own = answer.errors.filter((e) => e.path?.[0] === answer.keys[index])
    const problem = answer.problems[index]
    if (problem) {
      // A run that does not fit the schema is not retried: the same server would send it again.
      fail(state, session, problem)
    } else if (run) {
      deliver(state, session, run, own, inFlight.full.has(session))
    } else if (own.length > 0 || global.length > 0 || answer.errors.length === 0) {
      const errors = own.length > 0 ? own : global.length > 0 ? global : answer.errors
      const { data, status, requestId, operationName } = answer
      // Reads with steps use a document only newer backends know: say so where one refused it.
      const hint = newerApiHint(session.steps ? readRunWithSteps.newer : undefined, status)
      const message = `Reading agent run ${session.id} failed: ${errors[0]?.message ?? 'no data'}${hint}`
      fail(
        state,
        session,
        new DinoAiGraphQLError(message, { errors, data, status, requestId, operationName }),
      )
    } else {
      // Another alias's error nulled the whole response: read this one again at once.
      session.dueAt = now
      session.flexMs = 0
    }
  })
}

/** A fresh run for a session (with any errors reported beside it): cursor, next read, subscribers. */
function deliver(
  state: PollerState,
  session: Session,
  run: PolledRun,
  errors: readonly GraphQLErrorEntry[],
  fullRead: boolean,
): void {
  const stepsRead = 'steps' in run && run.steps !== null
  advanceCursor(session, run)
  // A read of every step that came back without them must be asked again.
  if (session.steps && fullRead && !stepsRead) session.rewind = true
  scheduleNextRead(session, state.clock.now(), state.clock.random)
  for (const subscriber of [...session.subscribers]) {
    if (takesRead(session, subscriber, fullRead, stepsRead)) subscriber.onRun(run, errors)
  }
}
