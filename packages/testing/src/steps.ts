import type { DinoAiAgentRunStatus } from '@dinoai/operations'
import type { MockRun } from './runs.js'

/** A message a step appends to the transcript. `content` may be computed from the run at that moment. */
export interface StepMessage {
  /** Author role: `agent` for replies (production also uses `user`; `assistant` appears in docs). */
  role: string
  content: string | ((run: MockRun) => string)
}

/** A sub-agent session a step spawns; its id is appended to the parent's `childSessionIds`. */
export interface SpawnChild {
  agent?: string
  message?: string
  /** The child's lifecycle; default: the scripts matching the child, else the mock's default steps. */
  steps?: readonly Step[]
}

/**
 * One step of a run's lifecycle. Each `dinoaiAgentRun` read (or `advance()`) applies one step, in
 * this order: spawn the child, append the message, set the status. `{}` keeps the run unchanged
 * for one read; `{ neverEnding: true }` keeps it RUNNING forever (until a follow-up message).
 */
export interface Step {
  status?: DinoAiAgentRunStatus
  message?: StepMessage
  spawnChild?: SpawnChild
  neverEnding?: true
}

/** Which turns a script applies to. Strings match exactly, regular expressions by `test`; all given fields must match. */
export interface ScriptMatcher {
  /** The run's agent name. */
  agent?: string | RegExp
  /** The user message that starts the turn (the trigger's message or a follow-up). */
  message?: string | RegExp
  /** One session: its follow-up turns, and the rest of its current turn when it is still running. */
  sessionId?: string
}

/** What a turn is matched on when it starts. */
export interface TurnInfo {
  agent: string | null
  message: string | null
  sessionId: string | null
}

function matchText(pattern: string | RegExp | undefined, value: string | null): boolean {
  if (pattern === undefined) return true
  if (value === null) return false
  if (typeof pattern === 'string') return pattern === value
  pattern.lastIndex = 0
  return pattern.test(value)
}

/** Whether a matcher selects a turn. */
export function matches(matcher: ScriptMatcher, turn: TurnInfo): boolean {
  if (matcher.sessionId !== undefined && matcher.sessionId !== turn.sessionId) return false
  return matchText(matcher.agent, turn.agent) && matchText(matcher.message, turn.message)
}

function defaultReply(run: MockRun): string {
  const lastUser = run.messages.findLast((m) => m.role === 'user')
  const who = run.agent ?? 'DinoAI'
  return lastUser ? `${who} (mock) finished: ${lastUser.content}` : `${who} (mock) finished its run.`
}

/** The lifecycle of a turn nothing scripted: RUNNING on the first step, COMPLETED with an agent reply on the second. */
export const DEFAULT_STEPS: readonly Step[] = Object.freeze([
  { status: 'RUNNING' },
  { message: { role: 'agent', content: defaultReply }, status: 'COMPLETED' },
])
