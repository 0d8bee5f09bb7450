import {
  type DinoAiAgentMessage,
  type DinoAiAgentRunStatus,
  type DinoAiAgentSlackInput,
  type DinoAiAgentStartupStep,
  type DinoAiAgentStep,
  isTerminalStatus,
} from '@dinoai/operations'
import { advanceStartup, presentStartup, STARTUP_CHECKLIST, stepRole, toolInputText } from './agent-steps.js'
import { MockDinoAiUsageError } from './errors.js'
import type { Random } from './random.js'
import {
  matches,
  type ScriptMatcher,
  type ScriptStep,
  type SpawnChild,
  type ToolCall,
  type TurnInfo,
} from './steps.js'

/** A snapshot of one session as the mock holds it: what `dinoaiAgentRun` reports, plus bookkeeping. */
export interface MockRun {
  agentSessionId: string
  agent: string | null
  status: DinoAiAgentRunStatus
  messages: DinoAiAgentMessage[]
  childSessionIds: string[]
  workspaceUid: string
  /** Every agent step so far, in full: nothing cut, tool input and output included. */
  steps: DinoAiAgentStep[]
  /** The start-up checklist as `startupSteps` reports it now. */
  startupSteps: DinoAiAgentStartupStep[]
  /** The model family the run uses: the trigger's, or the default (also for an unknown one). */
  modelFamily: string
  /** 1 for the triggered turn, +1 for each accepted follow-up message. */
  turn: number
  /** The session that spawned this one, for child sessions. */
  parentSessionId: string | null
  slack: DinoAiAgentSlackInput | null
  baseBranch: string | null
  /** How many times `dinoaiAgentRun` read this session. */
  polls: number
  /** Script steps left in the current turn (a never-ending step counts as one). */
  pendingSteps: number
}

/** Where a run view keeps what its `steps` and `startupSteps` fields resolve from. */
export const AGENT_STEPS = Symbol('agentSteps')
export const STARTUP_DONE = Symbol('startupDone')

/** What `dinoaiAgentRun` resolves to: the fields of the schema type, frozen at read time. */
export interface RunView {
  ok: true
  agentSessionId: string
  status: DinoAiAgentRunStatus
  messages: DinoAiAgentMessage[]
  childSessionIds: string[]
  workspaceUid: string
  [AGENT_STEPS]: readonly DinoAiAgentStep[]
  [STARTUP_DONE]: readonly boolean[]
}

interface RunRecord extends Omit<MockRun, 'pendingSteps' | 'steps' | 'startupSteps'> {
  pending: ScriptStep[]
  agentSteps: DinoAiAgentStep[]
  startup: boolean[]
  /** With time-driven advance: the clock time at which the next script step is due. */
  dueAt: number
}

/** What a trigger asks for. */
export interface TriggerInput {
  agent: string | null
  message: string | null
  slack: DinoAiAgentSlackInput | null
  baseBranch: string | null
  workspaceUid: string
  modelFamily: string
}

/** How runs move through their scripts: one step per read, or one per `everyMs` of clock time. */
export type AdvanceMode = 'per-read' | { everyMs: number }

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

const HOLD: ScriptStep = Object.freeze({})

const isToolList = (tool: ToolCall | readonly ToolCall[]): tool is readonly ToolCall[] => Array.isArray(tool)

const toolCalls = (tool: ScriptStep['tool']): readonly ToolCall[] =>
  tool === undefined ? [] : isToolList(tool) ? tool : [tool]

function recordStep(run: RunRecord, step: Omit<DinoAiAgentStep, 'index' | 'truncated'>): void {
  run.agentSteps.push({ index: run.agentSteps.length, ...step, truncated: false })
}

function snapshot(run: RunRecord): MockRun {
  const { pending, agentSteps, startup, dueAt: _dueAt, ...rest } = run
  return {
    ...rest,
    messages: run.messages.map((m) => ({ ...m })),
    childSessionIds: [...run.childSessionIds],
    steps: agentSteps.map((s) => ({ ...s })),
    startupSteps: presentStartup(startup),
    slack: run.slack && { ...run.slack },
    pendingSteps: pending.length,
  }
}

function newRecord(
  agentSessionId: string,
  input: TriggerInput,
  parentSessionId: string | null,
  dueAt: number,
): RunRecord {
  return {
    agentSessionId,
    agent: input.agent,
    status: 'QUEUED',
    messages: [],
    childSessionIds: [],
    workspaceUid: input.workspaceUid,
    agentSteps: [],
    startup: STARTUP_CHECKLIST.map(() => false),
    modelFamily: input.modelFamily,
    turn: 1,
    parentSessionId,
    slack: input.slack,
    baseBranch: input.baseBranch,
    polls: 0,
    pending: [],
    dueAt,
  }
}

/** What applying a script step does beyond the run itself. */
interface StepEffects {
  addMessage(run: RunRecord, role: string, content: string): void
  spawn(run: RunRecord, child: SpawnChild, at: number): void
}

/**
 * Applies a run's next script step (`at` is when, on the mock's clock): spawn the child, record the
 * tool calls, add the message, set the status, then move the start-up checklist along.
 */
function applyScriptStep(run: RunRecord, at: number, effects: StepEffects): void {
  const step = run.pending[0]
  if (!step) return
  const before = run.status
  if (step.neverEnding) {
    run.status = 'RUNNING'
  } else {
    run.pending.shift()
    if (step.spawnChild) effects.spawn(run, step.spawnChild, at)
    for (const tool of toolCalls(step.tool)) {
      const output = typeof tool.output === 'function' ? tool.output(snapshot(run)) : (tool.output ?? null)
      recordStep(run, {
        role: 'TOOL',
        toolName: tool.name,
        toolInput: toolInputText(tool.input),
        content: output,
      })
    }
    if (step.message) {
      const { role, content } = step.message
      effects.addMessage(run, role, typeof content === 'function' ? content(snapshot(run)) : content)
    }
    if (step.status) run.status = step.status
  }
  run.startup = advanceStartup(run.startup, before, run.status)
}

/** When script steps happen: per read, or (time-driven) when each run's next step is due on the clock. */
interface Timeline {
  readonly perRead: boolean
  /** When a run started at `at` takes its first step. */
  firstDue(at: number): number
  /** Applies every step that came due since the run was last seen (time-driven only). */
  catchUp(run: RunRecord): void
  /** Before new steps are queued for a run with none left: its next step is due one interval from now. */
  wake(run: RunRecord): void
}

function timeline(
  advance: AdvanceMode,
  clockNow: () => number,
  apply: (run: RunRecord, at: number) => void,
): Timeline {
  const everyMs = advance === 'per-read' ? undefined : advance.everyMs
  return {
    perRead: everyMs === undefined,
    firstDue: (at) => at + (everyMs ?? 0),
    catchUp(run) {
      if (everyMs === undefined) return
      const time = clockNow()
      while (run.pending.length > 0 && run.dueAt <= time) {
        if (run.pending[0]?.neverEnding) {
          apply(run, run.dueAt)
          return
        }
        const at = run.dueAt
        run.dueAt += everyMs
        apply(run, at)
      }
    },
    wake(run) {
      if (everyMs !== undefined && run.pending.every((s) => s.neverEnding)) run.dueAt = clockNow() + everyMs
    },
  }
}

export function createRunStore(options: RunStoreOptions): RunStore {
  const { random, now, clockNow, followUpStalePolls, defaultSteps } = options
  const runs = new Map<string, RunRecord>()
  let scripts: { matcher: ScriptMatcher; steps: readonly ScriptStep[] }[] = []

  const newId = (): string => {
    let id: string
    do id = `dinoai-agent-${random.hex(12)}`
    while (runs.has(id))
    return id
  }

  // The most recently added matching script wins, so a specific script can override a broad one.
  const stepsFor = (turn: TurnInfo): ScriptStep[] => {
    for (let i = scripts.length - 1; i >= 0; i--) {
      const s = scripts[i]
      if (s && matches(s.matcher, turn)) return [...s.steps]
    }
    return [...defaultSteps]
  }

  const message = (role: string, content: string): DinoAiAgentMessage => ({ ts: now() / 1000, role, content })

  const addMessage = (run: RunRecord, role: string, content: string): void => {
    run.messages.push(message(role, content))
    recordStep(run, { role: stepRole(role), toolName: null, toolInput: null, content })
  }

  const create = (
    input: TriggerInput,
    parentSessionId: string | null,
    startedAt: number,
    steps?: readonly ScriptStep[],
  ): RunRecord => {
    const run = newRecord(newId(), input, parentSessionId, time.firstDue(startedAt))
    if (input.message !== null) addMessage(run, 'user', input.message)
    runs.set(run.agentSessionId, run)
    run.pending = steps
      ? [...steps]
      : stepsFor({ agent: input.agent, message: input.message, sessionId: run.agentSessionId })
    return run
  }

  const spawn = (run: RunRecord, child: SpawnChild, at: number): void => {
    const created = create(
      {
        agent: child.agent ?? null,
        message: child.message ?? null,
        slack: null,
        baseBranch: run.baseBranch,
        workspaceUid: run.workspaceUid,
        modelFamily: run.modelFamily,
      },
      run.agentSessionId,
      at,
      child.steps,
    )
    run.childSessionIds.push(created.agentSessionId)
  }

  const applyStep = (run: RunRecord, at: number): void => applyScriptStep(run, at, { addMessage, spawn })
  const time = timeline(options.advance, clockNow, applyStep)
  const { catchUp, wake } = time

  const mustGet = (sessionId: string): RunRecord => {
    const run = runs.get(sessionId)
    if (!run) {
      throw new MockDinoAiUsageError(
        `No agent session "${sessionId}" in this mock: use an agentSessionId returned by triggerDinoaiAgentRun (see mock.runs).`,
      )
    }
    catchUp(run)
    return run
  }

  const view = (run: RunRecord): RunView => ({
    ok: true,
    agentSessionId: run.agentSessionId,
    status: run.status,
    messages: run.messages.slice(),
    childSessionIds: run.childSessionIds.slice(),
    workspaceUid: run.workspaceUid,
    [AGENT_STEPS]: run.agentSteps.slice(),
    [STARTUP_DONE]: run.startup.slice(),
  })

  return {
    trigger: (input) => create(input, null, clockNow()),

    followUp(sessionId, text) {
      const run = runs.get(sessionId)
      if (!run) return undefined
      catchUp(run)
      wake(run)
      const wasTerminal = isTerminalStatus(run.status)
      addMessage(run, 'user', text)
      run.turn += 1
      const steps = stepsFor({ agent: run.agent, message: text, sessionId })
      if (!wasTerminal) {
        // The current turn finishes first; a never-ending one gives way to the new turn.
        run.pending = [...run.pending.filter((s) => !s.neverEnding), ...steps]
      } else if (followUpStalePolls <= 0) {
        run.status = 'QUEUED'
        run.pending = steps
      } else {
        // Production keeps reporting the finished turn for a while: the first read after the
        // follow-up shows it unchanged, so `followUpStalePolls - 1` holds come before the new steps.
        run.pending = [...Array.from({ length: followUpStalePolls - 1 }, () => HOLD), ...steps]
      }
      return run
    },

    read(sessionId) {
      const run = runs.get(sessionId)
      if (!run) return undefined
      catchUp(run)
      run.polls += 1
      const seen = view(run)
      if (time.perRead) applyStep(run, clockNow())
      return seen
    },

    stop(sessionId) {
      const run = runs.get(sessionId)
      if (!run) return { ok: false, status: 'NOT_FOUND' }
      catchUp(run)
      // A follow-up waiting behind a finished turn's status is live too: stopping ends it.
      if (!isTerminalStatus(run.status) || run.pending.length > 0) {
        const before = run.status
        run.status = 'STOPPED'
        run.pending = []
        run.startup = advanceStartup(run.startup, before, 'STOPPED')
      }
      return { ok: true, status: run.status }
    },

    advance(sessionId, steps = 1) {
      if (!Number.isInteger(steps) || steps < 0) {
        throw new MockDinoAiUsageError(
          `advance(sessionId, steps): steps must be a whole number >= 0, got ${steps}.`,
        )
      }
      const targets = sessionId === undefined ? [...runs.values()] : [mustGet(sessionId)]
      for (const run of targets) {
        catchUp(run)
        for (let i = 0; i < steps; i++) applyStep(run, clockNow())
      }
    },

    script(matcher, steps) {
      if (!Array.isArray(steps)) {
        throw new MockDinoAiUsageError(
          'script(matcher, steps): steps must be an array of steps, e.g. [{ status: "FAILED" }].',
        )
      }
      const entry = { matcher, steps: [...steps] }
      scripts.push(entry)
      if (matcher.sessionId !== undefined) {
        const run = runs.get(matcher.sessionId)
        if (run) catchUp(run)
        const lastUser = run?.messages.findLast((m) => m.role === 'user')
        if (
          run &&
          !isTerminalStatus(run.status) &&
          matches(matcher, {
            agent: run.agent,
            message: lastUser?.content ?? null,
            sessionId: run.agentSessionId,
          })
        ) {
          wake(run)
          run.pending = [...steps]
        }
      }
      return () => {
        scripts = scripts.filter((s) => s !== entry)
      }
    },

    runs() {
      // A Map iterates over entries added meanwhile: children spawned while catching up get theirs.
      for (const run of runs.values()) catchUp(run)
      return [...runs.values()].map(snapshot)
    },
  }
}
