import {
  type DinoAiAgentMessage,
  type DinoAiAgentRunStatus,
  type DinoAiAgentSlackInput,
  isTerminalStatus,
} from '@dinoai/operations'
import { MockDinoAiUsageError } from './errors.js'
import type { Random } from './random.js'
import { matches, type ScriptMatcher, type Step, type TurnInfo } from './steps.js'

/** A snapshot of one session as the mock holds it: what `dinoaiAgentRun` reports, plus bookkeeping. */
export interface MockRun {
  agentSessionId: string
  agent: string | null
  status: DinoAiAgentRunStatus
  messages: DinoAiAgentMessage[]
  childSessionIds: string[]
  workspaceUid: string
  /** 1 for the triggered turn, +1 for each accepted follow-up message. */
  turn: number
  /** The session that spawned this one, for child sessions. */
  parentSessionId: string | null
  slack: DinoAiAgentSlackInput | null
  baseBranch: string | null
  /** How many times `dinoaiAgentRun` read this session. */
  polls: number
  /** Steps left in the current turn (a never-ending step counts as one). */
  pendingSteps: number
}

/** What `dinoaiAgentRun` resolves to: the fields of the schema type, frozen at read time. */
export interface RunView {
  ok: true
  agentSessionId: string
  status: DinoAiAgentRunStatus
  messages: DinoAiAgentMessage[]
  childSessionIds: string[]
  workspaceUid: string
}

interface RunRecord extends Omit<MockRun, 'pendingSteps'> {
  pending: Step[]
}

/** What a trigger asks for. */
export interface TriggerInput {
  agent: string | null
  message: string | null
  slack: DinoAiAgentSlackInput | null
  baseBranch: string | null
  workspaceUid: string
}

export interface RunStoreOptions {
  random: Random
  /** ms since the epoch, for message timestamps. */
  now: () => number
  followUpStalePolls: number
  defaultSteps: readonly Step[]
}

/** The runs of one mock and the scripts that decide their lifecycles. */
export interface RunStore {
  trigger(input: TriggerInput): RunRecord
  /** Records a follow-up and starts a new turn; undefined for an unknown session. */
  followUp(sessionId: string, message: string): RunRecord | undefined
  /** The run as it is now, then one step further (a poll); undefined for an unknown session. */
  read(sessionId: string): RunView | undefined
  advance(sessionId?: string, steps?: number): void
  script(matcher: ScriptMatcher, steps: readonly Step[]): () => void
  runs(): MockRun[]
}

const HOLD: Step = Object.freeze({})

export function createRunStore(options: RunStoreOptions): RunStore {
  const { random, now, followUpStalePolls, defaultSteps } = options
  const runs = new Map<string, RunRecord>()
  let scripts: { matcher: ScriptMatcher; steps: readonly Step[] }[] = []

  const newId = (): string => {
    let id: string
    do id = `dinoai-agent-${random.hex(12)}`
    while (runs.has(id))
    return id
  }

  // The most recently added matching script wins, so a specific script can override a broad one.
  const stepsFor = (turn: TurnInfo): Step[] => {
    for (let i = scripts.length - 1; i >= 0; i--) {
      const s = scripts[i]
      if (s && matches(s.matcher, turn)) return [...s.steps]
    }
    return [...defaultSteps]
  }

  const message = (role: string, content: string): DinoAiAgentMessage => ({ ts: now() / 1000, role, content })

  const create = (
    input: TriggerInput,
    parentSessionId: string | null,
    steps?: readonly Step[],
  ): RunRecord => {
    const agentSessionId = newId()
    const run: RunRecord = {
      agentSessionId,
      agent: input.agent,
      status: 'QUEUED',
      messages: input.message === null ? [] : [message('user', input.message)],
      childSessionIds: [],
      workspaceUid: input.workspaceUid,
      turn: 1,
      parentSessionId,
      slack: input.slack,
      baseBranch: input.baseBranch,
      polls: 0,
      pending: [],
    }
    runs.set(agentSessionId, run)
    run.pending = steps
      ? [...steps]
      : stepsFor({ agent: input.agent, message: input.message, sessionId: agentSessionId })
    return run
  }

  const snapshot = (run: RunRecord): MockRun => {
    const { pending, ...rest } = run
    return {
      ...rest,
      messages: run.messages.map((m) => ({ ...m })),
      childSessionIds: [...run.childSessionIds],
      slack: run.slack && { ...run.slack },
      pendingSteps: pending.length,
    }
  }

  const applyStep = (run: RunRecord): void => {
    const step = run.pending[0]
    if (!step) return
    if (step.neverEnding) {
      run.status = 'RUNNING'
      return
    }
    run.pending.shift()
    if (step.spawnChild) {
      const { agent, message: text, steps } = step.spawnChild
      const child = create(
        {
          agent: agent ?? null,
          message: text ?? null,
          slack: null,
          baseBranch: run.baseBranch,
          workspaceUid: run.workspaceUid,
        },
        run.agentSessionId,
        steps,
      )
      run.childSessionIds.push(child.agentSessionId)
    }
    if (step.message) {
      const { role, content } = step.message
      run.messages.push(message(role, typeof content === 'function' ? content(snapshot(run)) : content))
    }
    if (step.status) run.status = step.status
  }

  const mustGet = (sessionId: string): RunRecord => {
    const run = runs.get(sessionId)
    if (!run) {
      throw new MockDinoAiUsageError(
        `No agent session "${sessionId}" in this mock: use an agentSessionId returned by triggerDinoaiAgentRun (see mock.runs).`,
      )
    }
    return run
  }

  return {
    trigger: (input) => create(input, null),

    followUp(sessionId, text) {
      const run = runs.get(sessionId)
      if (!run) return undefined
      const wasTerminal = isTerminalStatus(run.status)
      run.messages.push(message('user', text))
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
      run.polls += 1
      const view: RunView = {
        ok: true,
        agentSessionId: run.agentSessionId,
        status: run.status,
        messages: run.messages.slice(),
        childSessionIds: run.childSessionIds.slice(),
        workspaceUid: run.workspaceUid,
      }
      applyStep(run)
      return view
    },

    advance(sessionId, steps = 1) {
      if (!Number.isInteger(steps) || steps < 0) {
        throw new MockDinoAiUsageError(
          `advance(sessionId, steps): steps must be a whole number >= 0, got ${steps}.`,
        )
      }
      const targets = sessionId === undefined ? [...runs.values()] : [mustGet(sessionId)]
      for (const run of targets) for (let i = 0; i < steps; i++) applyStep(run)
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
          run.pending = [...steps]
        }
      }
      return () => {
        scripts = scripts.filter((s) => s !== entry)
      }
    },

    runs: () => [...runs.values()].map(snapshot),
  }
}
