import type { DinoAiAgentSlackInput, DinoAiAgentStep } from '@dinoai/operations'
import { presentStartup, STARTUP_CHECKLIST } from './agent-steps.js'
import { AGENT_STEPS, type MockRun, type RunView, STARTUP_DONE } from './mock-run.js'
import type { ScriptStep } from './steps.js'

/** A run as the store keeps it: the snapshot's fields plus the script still to play. */
export interface RunRecord extends Omit<MockRun, 'pendingSteps' | 'steps' | 'startupSteps'> {
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

/** A new run, QUEUED with an empty transcript and no script yet. */
export function newRecord(
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

/** Appends an agent step; its index is the next one, as the API's only grow. */
export function recordStep(run: RunRecord, step: Omit<DinoAiAgentStep, 'index' | 'truncated'>): void {
  run.agentSteps.push({ index: run.agentSteps.length, ...step, truncated: false })
}

/** A copy of the run that later changes cannot reach, for scripts and `mock.runs`. */
export function snapshot(run: RunRecord): MockRun {
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

/** What a read of the run resolves to, frozen at read time. */
export function runView(run: RunRecord): RunView {
  return {
    ok: true,
    agentSessionId: run.agentSessionId,
    status: run.status,
    messages: run.messages.slice(),
    childSessionIds: run.childSessionIds.slice(),
    workspaceUid: run.workspaceUid,
    [AGENT_STEPS]: run.agentSteps.slice(),
    [STARTUP_DONE]: run.startup.slice(),
  }
}
