import type { Clock } from '../config/clock.js'
import type { GraphQLErrorEntry } from '../errors/errors.js'
import { type PolledRun, stepsVariables } from '../watch/steps.js'
import { readRun, readRunWithSteps } from '../wire/documents.js'
import { graphQLFailure } from '../wire/response.js'
import { type RetryPolicy, withRetry } from '../wire/retry.js'
import type { Transport } from '../wire/transport.js'
import { type ReadAnswer, readRuns, type Send } from './read.js'
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
} from './session.js'
import { createWakeTimer, type WakeTimer } from './timer.js'

export type { PollSubscriber } from './session.js'

/** The shared poller: one read per session per tick, many sessions per request. */
export interface Poller {
  /** Starts polling (the first read is immediate) and returns the unsubscribe function. */
  subscribe(subscriber: PollSubscriber): () => void
  /** A subscriber that was not ready (see `PollSubscriber.ready`) takes snapshots again. */
  resume(): void
  /** Sessions being polled now, for tests and diagnostics. */
  readonly activeSessions: number
}

/** Everything one poller owns; the functions below each do one part of its job on it. */
interface PollerState {
  readonly transport: Transport
  readonly clock: Clock
  /** Reads go through the client's retry loop; a wait has its own deadline, so it retries until then. */
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
    waitRetry: {
      ...retry,
      maxAttempts: Number.POSITIVE_INFINITY,
      maxRetryAfterMs: Number.POSITIVE_INFINITY,
    },
    maxBatchSize,
    sessions: new Map(),
    timer: createWakeTimer(clock, () => tick(state)),
  }
  return {
    subscribe: (subscriber) => subscribe(state, subscriber),
    resume: () => schedule(state),
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

const isReady = (subscriber: PollSubscriber): boolean => subscriber.ready?.() ?? true

/** Whether any subscriber of the session takes snapshots now: a session nobody would take is paused. */
function wanted(session: Session): boolean {
  for (const subscriber of session.subscribers) if (isReady(subscriber)) return true
  return false
}

/** Sets the timer to the earliest due read or deadline. */
function schedule(state: PollerState): void {
  let next = Number.POSITIVE_INFINITY
  for (const session of state.sessions.values()) {
    // A read on the wire is allowed to finish (requestTimeoutMs bounds it) before its subscribers
    // time out: its answer may be the one they wait for, and a clock that jumps ahead in tests
    // must not expire a wait while a request is still on its way. A read waiting out a retry's
    // backoff is not on the wire: deadlines pass during it.
    if (session.inFlight?.onWire) continue
    if (!session.inFlight && wanted(session)) next = Math.min(next, session.dueAt)
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
  // Nobody waits for any session of this request any more: cancel it (and its retries).
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
    if (session.inFlight?.onWire) continue
    for (const subscriber of [...session.subscribers]) {
      if (subscriber.deadline > now) continue
      remove(state, session, subscriber)
      subscriber.onTimeout()
    }
  }
  const due = [...state.sessions.values()].filter(
    (s) => !s.inFlight && s.subscribers.size > 0 && s.dueAt - s.flexMs <= now && wanted(s),
  )
  // Sessions read with steps use another document, so they go out in batches of their own.
  for (const group of [due.filter((s) => !s.steps), due.filter((s) => s.steps)]) {
    for (let i = 0; i < group.length; i += state.maxBatchSize)
      read(state, group.slice(i, i + state.maxBatchSize))
  }
  schedule(state)
}

/** One read of a batch of sessions: the older document, or (all with steps) the steps document. */
function send(state: PollerState, batch: Session[], inFlight: InFlightRead): Promise<ReadAnswer<PolledRun>> {
  const { signal } = inFlight.controller
  // Each attempt is on the wire until its answer has been handed out; after a failed one, the
  // retry loop waits out its backoff off the wire, and deadlines may pass meanwhile.
  const attempt: Send = (outgoing, variables) => {
    inFlight.onWire = true
    return state.transport.send(outgoing, variables, signal).catch((error: unknown) => {
      inFlight.onWire = false
      schedule(state)
      throw error
    })
  }
  const sendWithRetry: Send = (outgoing, variables) =>
    withRetry(() => attempt(outgoing, variables), 'query', state.waitRetry, state.clock, signal)
  if (!batch.some((s) => s.steps)) {
    return readRuns(
      sendWithRetry,
      readRun.operation,
      batch.map((s) => ({ agentSessionId: s.id })),
    )
  }
  const reads = batch.map((session) => {
    const request = nextStepsRequest(session)
    if (request.after === undefined) inFlight.full.add(session)
    return stepsVariables(session.id, request)
  })
  return readRuns(sendWithRetry, readRunWithSteps.operation, reads)
}

function read(state: PollerState, batch: Session[]): void {
  const inFlight: InFlightRead = {
    controller: new AbortController(),
    sessions: batch,
    full: new Set(),
    onWire: false,
  }
  for (const session of batch) session.inFlight = inFlight
  send(state, batch, inFlight).then(
    (answer) => {
      for (const session of batch) session.inFlight = undefined
      distribute(state, inFlight, answer)
      schedule(state)
    },
    (error: unknown) => {
      for (const session of batch) session.inFlight = undefined
      // A read nobody waits for any more was cancelled; any other error is final (the retry loop
      // already waited out the transient ones).
      if (!inFlight.controller.signal.aborted) for (const session of batch) fail(state, session, error)
      schedule(state)
    },
  )
}

/**
 * Hands each session its run, fails the sessions the answer has an error (or a malformed run) for,
 * re-reads the others.
 */
function distribute(state: PollerState, inFlight: InFlightRead, answer: ReadAnswer<PolledRun>): void {
  const now = state.clock.now()
  // One time and one jitter draw for the whole batch: its sessions were read together and stay in
  // step, so they share their next request too (handing out a batch's runs takes time, and
  // jitter spreads requests apart, which within one request buys nothing).
  const draw = state.clock.random()
  const next = { now, random: () => draw }
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
      deliver(session, run, own, inFlight.full.has(session), next)
    } else if (own.length > 0 || global.length > 0 || answer.errors.length === 0) {
      const errors = own.length > 0 ? own : global.length > 0 ? global : answer.errors
      // Reads with steps use a document only newer backends know: say so where one refused it.
      const newer = session.steps ? readRunWithSteps.newer : undefined
      fail(
        state,
        session,
        graphQLFailure(`Reading agent run ${session.id}`, errors, answer.data, answer.facts, newer),
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
  session: Session,
  run: PolledRun,
  errors: readonly GraphQLErrorEntry[],
  fullRead: boolean,
  next: { now: number; random: () => number },
): void {
  const stepsRead = 'steps' in run && run.steps !== null
  advanceCursor(session, run)
  // A read of every step that came back without them must be asked again.
  if (session.steps && fullRead && !stepsRead) session.rewind = true
  scheduleNextRead(session, next.now, next.random)
  for (const subscriber of [...session.subscribers]) {
    if (takesRead(session, subscriber, fullRead, stepsRead)) subscriber.onRun(run, errors)
  }
}
