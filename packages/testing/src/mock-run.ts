import type {
  DinoAiAgentMessage,
  DinoAiAgentRunStatus,
  DinoAiAgentSlackInput,
  DinoAiAgentStartupStep,
  DinoAiAgentStep,
} from '@dinoai/operations'

// What the outside sees of a run: the snapshot scripts and `mock.runs` get, and what a read
// resolves to. Kept apart from the run store so that the script types (steps.ts), which hand a
// MockRun to their callbacks, and the store, which runs the scripts, do not import each other.

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
