import type { DinoAiAgentRun } from '@dinoai/operations'
import { batchDocument, batchKey, batchRun, batchVariables } from './batch.js'
import type { Clock } from './clock.js'
import { DinoAiGraphQLError, DinoAiRateLimitError } from './errors.js'
import { backoffDelay, isRetryable, type RetryPolicy } from './retry.js'
import type { Transport } from './transport.js'

/** One party interested in a session's snapshots: a wait, a watch or a child wait. */
export interface PollSubscriber {
  readonly sessionId: string
  /** The first delay between reads; delays double up to pollIntervalMs. */
  readonly minDelayMs: number
  readonly pollIntervalMs: number
  /** Fraction of each delay that is randomised (0 to 1). */
  readonly jitter: number
  /** Monotonic time (clock.now()) at which onTimeout fires. */
  readonly deadline: number
  /** Every fresh snapshot. The subscriber unsubscribes itself when it has what it needs. */
  onRun(run: DinoAiAgentRun): void
  /** A failure that polling again cannot fix (auth, GraphQL errors such as NOT_FOUND). Already unsubscribed. */
  onError(error: unknown): void
  /** The deadline passed. Already unsubscribed. */
  onTimeout(): void
}

/** The shared poller: one read per session per tick, many sessions per request. */
export interface Poller {
  /** Starts polling (the first read is immediate) and returns the unsubscribe function. */
  subscribe(subscriber: PollSubscriber): () => void
  /** Sessions being polled now, for tests and diagnostics. */
  readonly activeSessions: number
}

interface Batch {
  controller: AbortController
  sessions: Session[]
}

interface Session {
  id: string
  subscribers: Set<PollSubscriber>
  /** When the next read is due, and how early it may join another session's batch. */
  dueAt: number
  flexMs: number
  reads: number
  inFlight: Batch | undefined
}

// Share of a session's delay by which its read may be pulled forward to join a batch that is
// going out anyway: this keeps many concurrent waits in step, so they share requests.
const BATCH_FLEX = 0.25

/**
 * Creates the poller. A single timer drives every session: it wakes at the earliest due read or
 * deadline, sends the due reads in batches of at most `maxBatchSize` aliased `dinoaiAgentRun`
 * fields, and is cleared when nothing is left to poll.
 */
export function createPoller(
  transport: Transport,
  clock: Clock,
  retry: RetryPolicy,
  maxBatchSize: number,
): Poller {
  const sessions = new Map<string, Session>()
  // A wait has its own deadline, so any Retry-After is worth waiting out.
  const waitRetry: RetryPolicy = { ...retry, maxRetryAfterMs: Number.POSITIVE_INFINITY }
  let wake: { at: number; controller: AbortController } | undefined

  function schedule(): void {
    let next = Number.POSITIVE_INFINITY
    for (const session of sessions.values()) {
      // A read in flight is allowed to finish (requestTimeoutMs bounds it) before its
      // subscribers time out: its answer may be the one they wait for, and a clock that
      // jumps ahead in tests must not expire a wait while a request is still on its way.
      if (session.inFlight) continue
      next = Math.min(next, session.dueAt)
      for (const subscriber of session.subscribers) next = Math.min(next, subscriber.deadline)
    }
    if (wake && wake.at === next) return
    wake?.controller.abort()
    wake = undefined
    if (next === Number.POSITIVE_INFINITY) return
    const controller = new AbortController()
    const current = { at: next, controller }
    wake = current
    clock.sleep(Math.max(0, next - clock.now()), controller.signal).then(
      () => {
        if (wake !== current) return
        wake = undefined
        tick()
      },
      () => {},
    )
  }

  function remove(session: Session, subscriber: PollSubscriber): void {
    session.subscribers.delete(subscriber)
    if (session.subscribers.size > 0) return
    if (sessions.get(session.id) === session) sessions.delete(session.id)
    const batch = session.inFlight
    // Nobody waits for any session of this request any more: cancel it.
    if (batch?.sessions.every((s) => s.subscribers.size === 0)) batch.controller.abort()
  }

  function tick(): void {
    const now = clock.now()
    for (const session of [...sessions.values()]) {
      if (session.inFlight) continue
      for (const subscriber of [...session.subscribers]) {
        if (subscriber.deadline <= now) {
          remove(session, subscriber)
          subscriber.onTimeout()
        }
      }
    }
    const due = [...sessions.values()].filter(
      (s) => !s.inFlight && s.subscribers.size > 0 && s.dueAt - s.flexMs <= now,
    )
    for (let i = 0; i < due.length; i += maxBatchSize) read(due.slice(i, i + maxBatchSize))
    schedule()
  }

  function reschedule(session: Session, now: number, atLeastMs = 0): void {
    session.reads++
    let minDelay = Number.POSITIVE_INFINITY
    let interval = Number.POSITIVE_INFINITY
    let jitter = 0
    for (const s of session.subscribers) {
      minDelay = Math.min(minDelay, s.minDelayMs)
      interval = Math.min(interval, s.pollIntervalMs)
      jitter = Math.max(jitter, s.jitter)
    }
    if (session.subscribers.size === 0) return
    const base = Math.min(interval, minDelay * 2 ** (session.reads - 1))
    const delay = Math.max(atLeastMs, backoffDelay(session.reads, minDelay, interval, jitter, clock.random))
    session.dueAt = now + delay
    session.flexMs = delay > base ? 0 : base * BATCH_FLEX
  }

  function fail(session: Session, error: unknown): void {
    for (const subscriber of [...session.subscribers]) {
      remove(session, subscriber)
      subscriber.onError(error)
    }
  }

  function read(batch: Session[]): void {
    const controller = new AbortController()
    const inFlight: Batch = { controller, sessions: batch }
    for (const session of batch) session.inFlight = inFlight
    const ids = batch.map((s) => s.id)
    const size = ids.length
    transport.send(batchDocument(size), batchVariables(ids), 'query', controller.signal).then(
      (result) => {
        const now = clock.now()
        for (const session of batch) session.inFlight = undefined
        // Errors without a path concern the whole request, so every session of the batch.
        const global = result.errors.filter((e) => !e.path || e.path.length === 0)
        batch.forEach((session, index) => {
          if (session.subscribers.size === 0) return
          const key = batchKey(index, size)
          const run = batchRun(result.data, key)
          const own = result.errors.filter((e) => e.path?.[0] === key)
          if (run) {
            reschedule(session, now)
            for (const subscriber of [...session.subscribers]) subscriber.onRun(run)
          } else if (own.length > 0 || global.length > 0 || result.errors.length === 0) {
            const errors = own.length > 0 ? own : global.length > 0 ? global : result.errors
            fail(
              session,
              new DinoAiGraphQLError(
                `Reading agent run ${session.id} failed: ${errors[0]?.message ?? 'no data'}`,
                {
                  errors,
                  data: result.data,
                  status: result.status,
                  requestId: result.requestId,
                  operationName: 'DinoaiAgentRun',
                },
              ),
            )
          } else {
            // Another alias's error nulled the whole response: read this one again at once.
            session.dueAt = now
            session.flexMs = 0
          }
        })
        schedule()
      },
      (error: unknown) => {
        const now = clock.now()
        for (const session of batch) session.inFlight = undefined
        if (!controller.signal.aborted) {
          // A transient failure does not end a wait: read again later, until the deadline.
          const transient = isRetryable(error, 'query', waitRetry)
          const retryAfter = error instanceof DinoAiRateLimitError ? (error.retryAfterMs ?? 0) : 0
          for (const session of batch) {
            if (session.subscribers.size === 0) continue
            if (transient) {
              reschedule(session, now, retryAfter)
            } else {
              fail(session, error)
            }
          }
        }
        schedule()
      },
    )
  }

  function subscribe(subscriber: PollSubscriber): () => void {
    let session = sessions.get(subscriber.sessionId)
    if (!session) {
      session = {
        id: subscriber.sessionId,
        subscribers: new Set(),
        dueAt: 0,
        flexMs: 0,
        reads: 0,
        inFlight: undefined,
      }
      sessions.set(session.id, session)
    }
    session.subscribers.add(subscriber)
    // The first read for a new subscriber is immediate (or the one already in flight).
    if (!session.inFlight) {
      session.dueAt = clock.now()
      session.flexMs = 0
    }
    schedule()
    const own = session
    let active = true
    return () => {
      if (!active) return
      active = false
      if (own.subscribers.has(subscriber)) remove(own, subscriber)
      schedule()
    }
  }

  return {
    subscribe,
    get activeSessions() {
      return sessions.size
    },
  }
}
