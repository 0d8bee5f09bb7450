import type { GraphQLErrorEntry } from '../errors/errors.js'
import type { PolledRun, StepsOptions, WatchStepsOptions } from '../watch/steps.js'
import { backoffDelay } from '../wire/retry.js'

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
  /** Read the run with its steps, with these options; undefined reads it with the older document only. */
  readonly steps?: WatchStepsOptions | undefined
  /**
   * Whether the subscriber takes snapshots now. A session none of whose subscribers is ready is not
   * read (a watch whose consumer lags pauses its polling instead of buffering); the subscriber
   * calls the poller's `resume` when it is ready again. Always ready when omitted.
   */
  ready?(): boolean
  /**
   * Every fresh snapshot, with the GraphQL errors reported beside it (a part the backend could not
   * read, e.g. steps, is then null). The subscriber unsubscribes itself when it has what it needs.
   */
  onRun(run: PolledRun, errors: readonly GraphQLErrorEntry[]): void
  /** A failure that polling again cannot fix (auth, GraphQL errors such as NOT_FOUND). Already unsubscribed. */
  onError(error: unknown): void
  /** The deadline passed. Already unsubscribed. */
  onTimeout(): void
}

/** A read of some sessions, from its first attempt until its answer (retries included). */
export interface InFlightRead {
  controller: AbortController
  sessions: Session[]
  /** The sessions whose read asks for every step (no `after`). */
  full: Set<Session>
  /** Whether an attempt is on the wire now (not waiting out a retry's backoff). */
  onWire: boolean
}

/**
 * What the poller reads: a session id, read either with the older document or with steps (one
 * session per distinct steps options, so a watcher that asked for no steps never causes a read of them).
 */
export interface Session {
  readonly key: string
  readonly id: string
  readonly steps: WatchStepsOptions | undefined
  readonly subscribers: Set<PollSubscriber>
  /** Subscribers that have every step read so far: only they may take a read that starts after the cursor. */
  readonly primed: Set<PollSubscriber>
  /** The highest step index read: the next read asks only for steps after it. */
  cursor: number | undefined
  /** The next read asks for every step again, for a subscriber that joined after steps were read. */
  rewind: boolean
  /** When the next read is due, and how early it may join another session's batch. */
  dueAt: number
  flexMs: number
  reads: number
  /** The read of this session under way, if any: no other starts until it ends. */
  inFlight: InFlightRead | undefined
}

// Share of a session's delay by which its read may be pulled forward to join a batch that is
// going out anyway: this keeps many concurrent waits in step, so they share requests.
const BATCH_FLEX = 0.25

/** The key of the session a subscriber reads: its id, plus its steps options when it wants steps. */
export function sessionKey(subscriber: PollSubscriber): string {
  const { steps } = subscriber
  if (!steps) return subscriber.sessionId
  return `${subscriber.sessionId}\u0000steps\u0000${steps.includeToolIo}\u0000${steps.maxChars}`
}

/** A session with no reads yet, for this subscriber's key. */
export function createSession(subscriber: PollSubscriber): Session {
  return {
    key: sessionKey(subscriber),
    id: subscriber.sessionId,
    steps: subscriber.steps,
    subscribers: new Set(),
    primed: new Set(),
    cursor: undefined,
    rewind: false,
    dueAt: 0,
    flexMs: 0,
    reads: 0,
    inFlight: undefined,
  }
}

/** Adds a subscriber; one that joins a session whose steps were already read gets them all on the next read. */
export function join(session: Session, subscriber: PollSubscriber, now: number): void {
  if (session.steps && (session.cursor !== undefined || session.inFlight)) session.rewind = true
  session.subscribers.add(subscriber)
  // The first read for a new subscriber is immediate (or the one already in flight).
  if (!session.inFlight) {
    session.dueAt = now
    session.flexMs = 0
  }
}

/**
 * Sets when the session is read next: delays double from the smallest first delay of its
 * subscribers up to their smallest interval, jittered, and never sooner than `atLeastMs`
 * (a server's Retry-After).
 */
export function scheduleNextRead(session: Session, now: number, random: () => number, atLeastMs = 0): void {
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
  const delay = Math.max(atLeastMs, backoffDelay(session.reads, minDelay, interval, jitter, random))
  session.dueAt = now + delay
  session.flexMs = delay > base ? 0 : base * BATCH_FLEX
}

/** The steps to ask for in the session's next read: after the cursor, unless a late subscriber needs them all. */
export function nextStepsRequest(session: Session): StepsOptions {
  const after = session.rewind ? undefined : session.cursor
  session.rewind = false
  return { ...session.steps, after }
}

/** Moves the cursor past the steps a read returned. */
export function advanceCursor(session: Session, run: PolledRun): void {
  if (!('steps' in run) || !run.steps) return
  for (const step of run.steps) {
    if (session.cursor === undefined || step.index > session.cursor) session.cursor = step.index
  }
}

/**
 * Whether a subscriber may take a read. Reads without steps go to everyone. A read of every step
 * (`fullRead`) too, and one that returned the steps makes its subscribers primed; a read after the
 * cursor only goes to primed subscribers, so that nobody sees a history with a gap.
 */
export function takesRead(
  session: Session,
  subscriber: PollSubscriber,
  fullRead: boolean,
  stepsRead: boolean,
): boolean {
  if (!session.steps) return true
  if (fullRead) {
    if (stepsRead) session.primed.add(subscriber)
    return true
  }
  return session.primed.has(subscriber)
}
