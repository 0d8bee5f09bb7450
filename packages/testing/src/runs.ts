import { isTerminalStatus } from '@dinoai/operations'
import { advanceStartup, stepRole } from './agent-steps.js'
import { MockDinoAiUsageError } from './errors.js'
import type { MockRun, RunView } from './mock-run.js'
import type { Random } from './random.js'
import { type AdvanceMode, applyScriptStep, type Timeline, timeline } from './run-progress.js'
import { newRecord, type RunRecord, recordStep, runView, snapshot, type TriggerInput } from './run-record.js'
import { matches, type ScriptMatcher, type ScriptStep, type SpawnChild, type TurnInfo } from './steps.js'

/** Options of {@link createRunStore}. */
export interface RunStoreOptions {
  random: Random
  /** ms since the epoch, for message timestamps. */
  now: () => number
  /** The mock clock's time, for time-driven advance. */
  clockNow: () => number
  advance: AdvanceMode
  followUpStalePolls: number
  defaultSteps: readonly ScriptStep[]
}

/** The answer to `stopDinoaiAgentRun`. */
export interface StopResult {
  ok: boolean
  status: string
}

/** The runs of one mock and the scripts that decide their lifecycles. */
export interface RunStore {
  trigger(input: TriggerInput): RunRecord
  /** Records a follow-up and starts a new turn; undefined for an unknown session. */
  followUp(sessionId: string, message: string): RunRecord | undefined
  /** The run as it is now, then one step further when runs advance per read; undefined for an unknown session. */
  read(sessionId: string): RunView | undefined
  /** Stops a live run; a finished one keeps its status; an unknown session is not ok. */
  stop(sessionId: string): StopResult
  advance(sessionId?: string, steps?: number): void
  script(matcher: ScriptMatcher, steps: readonly ScriptStep[]): () => void
  runs(): MockRun[]
}

interface ScriptEntry {
  matcher: ScriptMatcher
  steps: readonly ScriptStep[]
}

/** One store's state, handed to each of its operations below. */
interface Store {
  readonly options: RunStoreOptions
  readonly runs: Map<string, RunRecord>
  scripts: ScriptEntry[]
  readonly time: Timeline
  /** Plays a run's next script step at a clock time. */
  apply(run: RunRecord, at: number): void
}

const HOLD: ScriptStep = Object.freeze({})

function newId(store: Store): string {
  let id: string
  do id = `dinoai-agent-${store.options.random.hex(12)}`
  while (store.runs.has(id))
  return id
}

// The most recently added matching script wins, so a specific script can override a broad one.
function stepsFor(store: Store, turn: TurnInfo): ScriptStep[] {
  for (let i = store.scripts.length - 1; i >= 0; i--) {
    const s = store.scripts[i]
    if (s && matches(s.matcher, turn)) return [...s.steps]
  }
  return [...store.options.defaultSteps]
}

/** A transcript message, which the API also records as an agent step. */
function addMessage(store: Store, run: RunRecord, role: string, content: string): void {
  run.messages.push({ ts: store.options.now() / 1000, role, content })
  recordStep(run, { role: stepRole(role), toolName: null, toolInput: null, content })
}

function createRun(
  store: Store,
  input: TriggerInput,
  parentSessionId: string | null,
  startedAt: number,
  steps?: readonly ScriptStep[],
): RunRecord {
  const run = newRecord(newId(store), input, parentSessionId, store.time.firstDue(startedAt))
  if (input.message !== null) addMessage(store, run, 'user', input.message)
  store.runs.set(run.agentSessionId, run)
  run.pending = steps
    ? [...steps]
    : stepsFor(store, { agent: input.agent, message: input.message, sessionId: run.agentSessionId })
  return run
}

function spawnChild(store: Store, run: RunRecord, child: SpawnChild, at: number): void {
  const input: TriggerInput = {
    agent: child.agent ?? null,
    message: child.message ?? null,
    slack: null,
    baseBranch: run.baseBranch,
    workspaceUid: run.workspaceUid,
    modelFamily: run.modelFamily,
  }
  run.childSessionIds.push(createRun(store, input, run.agentSessionId, at, child.steps).agentSessionId)
}

function mustGet(store: Store, sessionId: string): RunRecord {
  const run = store.runs.get(sessionId)
  if (!run) {
    throw new MockDinoAiUsageError(
      `No agent session "${sessionId}" in this mock: use an agentSessionId returned by triggerDinoaiAgentRun (see mock.runs).`,
    )
  }
  store.time.catchUp(run)
  return run
}

function followUp(store: Store, sessionId: string, text: string): RunRecord | undefined {
  const run = store.runs.get(sessionId)
  if (!run) return undefined
  store.time.catchUp(run)
  store.time.wake(run)
  const wasTerminal = isTerminalStatus(run.status)
  addMessage(store, run, 'user', text)
  run.turn += 1
  const steps = stepsFor(store, { agent: run.agent, message: text, sessionId })
  const stalePolls = store.options.followUpStalePolls
  if (!wasTerminal) {
    // The current turn finishes first; a never-ending one gives way to the new turn.
    run.pending = [...run.pending.filter((s) => !s.neverEnding), ...steps]
  } else if (stalePolls <= 0) {
    run.status = 'QUEUED'
    run.pending = steps
  } else {
    // Production keeps reporting the finished turn for a while: the first read after the
    // follow-up shows it unchanged, so `followUpStalePolls - 1` holds come before the new steps.
    run.pending = [...Array.from({ length: stalePolls - 1 }, () => HOLD), ...steps]
  }
  return run
}

function readRun(store: Store, sessionId: string): RunView | undefined {
  const run = store.runs.get(sessionId)
  if (!run) return undefined
  store.time.catchUp(run)
  run.polls += 1
  const seen = runView(run)
  if (store.time.perRead) store.apply(run, store.options.clockNow())
  return seen
}

function stopRun(store: Store, sessionId: string): StopResult {
  const run = store.runs.get(sessionId)
  if (!run) return { ok: false, status: 'NOT_FOUND' }
  store.time.catchUp(run)
  // A follow-up waiting behind a finished turn's status is live too: stopping ends it.
  if (!isTerminalStatus(run.status) || run.pending.length > 0) {
    const before = run.status
    run.status = 'STOPPED'
    run.pending = []
    run.startup = advanceStartup(run.startup, before, 'STOPPED')
  }
  return { ok: true, status: run.status }
}

function advanceRuns(store: Store, sessionId: string | undefined, steps: number): void {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new MockDinoAiUsageError(
      `advance(sessionId, steps): steps must be a whole number >= 0, got ${steps}.`,
    )
  }
  const targets = sessionId === undefined ? [...store.runs.values()] : [mustGet(store, sessionId)]
  for (const run of targets) {
    store.time.catchUp(run)
    for (let i = 0; i < steps; i++) store.apply(run, store.options.clockNow())
  }
}

/** Adds a script; one for a session that is still running also replaces the rest of its turn. */
function addScript(store: Store, matcher: ScriptMatcher, steps: readonly ScriptStep[]): () => void {
  if (!Array.isArray(steps)) {
    throw new MockDinoAiUsageError(
      'script(matcher, steps): steps must be an array of steps, e.g. [{ status: "FAILED" }].',
    )
  }
  const entry: ScriptEntry = { matcher, steps: [...steps] }
  store.scripts.push(entry)
  const run = matcher.sessionId === undefined ? undefined : store.runs.get(matcher.sessionId)
  if (run) {
    store.time.catchUp(run)
    const lastUser = run.messages.findLast((m) => m.role === 'user')
    const turn = { agent: run.agent, message: lastUser?.content ?? null, sessionId: run.agentSessionId }
    if (!isTerminalStatus(run.status) && matches(matcher, turn)) {
      store.time.wake(run)
      run.pending = [...steps]
    }
  }
  return () => {
    store.scripts = store.scripts.filter((s) => s !== entry)
  }
}

function allRuns(store: Store): MockRun[] {
  // A Map iterates over entries added meanwhile: children spawned while catching up get theirs.
  for (const run of store.runs.values()) store.time.catchUp(run)
  return [...store.runs.values()].map(snapshot)
}

/** Creates the run store of one mock (a fresh one on `reset()`). */
export function createRunStore(options: RunStoreOptions): RunStore {
  const apply = (run: RunRecord, at: number): void =>
    applyScriptStep(run, at, {
      addMessage: (target, role, content) => addMessage(store, target, role, content),
      spawn: (parent, child, when) => spawnChild(store, parent, child, when),
    })
  const store: Store = {
    options,
    runs: new Map(),
    scripts: [],
    time: timeline(options.advance, options.clockNow, (run, at) => apply(run, at)),
    apply,
  }
  return {
    trigger: (input) => createRun(store, input, null, options.clockNow()),
    followUp: (sessionId, text) => followUp(store, sessionId, text),
    read: (sessionId) => readRun(store, sessionId),
    stop: (sessionId) => stopRun(store, sessionId),
    advance: (sessionId, steps = 1) => advanceRuns(store, sessionId, steps),
    script: (matcher, steps) => addScript(store, matcher, steps),
    runs: () => allRuns(store),
  }
}
