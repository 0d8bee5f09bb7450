import type { DinoAiAgentRunStatus } from '@dinoai/operations'
import type { MockRun } from './mock-run.js'

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
  steps?: readonly ScriptStep[]
}

/**
 * A tool call a lifecycle step records as a TOOL agent step (`toolName`, `toolInput`, and the
 * output as `content`). Input and output may be computed from the run at that moment.
 */
export interface ToolCall {
  name: string
  /** Sent as `toolInput`: a string as is, anything else as JSON. Default: no input (null). */
  input?: unknown
  /** Sent as the step's `content`. Default: no output (null). */
  output?: string | ((run: MockRun) => string)
}

/**
 * One step of a run's lifecycle script (not to be confused with the API's agent steps, which a
 * run records as it goes). Each `dinoaiAgentRun` read (or `advance()`, or `everyMs` of clock time
 * with the `advance` option) applies one step, in this order: spawn the child, record the tool
 * calls, append the message, set the status. `{}` keeps the run unchanged for one step;
 * `{ neverEnding: true }` keeps it RUNNING forever (until a follow-up message).
 */
export interface ScriptStep {
  status?: DinoAiAgentRunStatus
  message?: StepMessage
  /** One tool call or several, each recorded as a TOOL agent step. */
  tool?: ToolCall | readonly ToolCall[]
  spawnChild?: SpawnChild
  neverEnding?: true
}

/** @deprecated The old name of `ScriptStep`, from before the API had agent steps of its own. */
export type Step = ScriptStep

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

function defaultToolOutput(run: MockRun): string {
  return `Looked at the project for ${run.agent ?? 'DinoAI'}: 4 models in models/staging.`
}

/**
 * The lifecycle of a turn nothing scripted: RUNNING with a tool call on the first step, COMPLETED
 * with an agent reply on the second.
 */
export const DEFAULT_STEPS: readonly ScriptStep[] = Object.freeze([
  {
    status: 'RUNNING',
    tool: { name: 'list_files', input: { path: 'models/staging' }, output: defaultToolOutput },
  },
  { message: { role: 'agent', content: defaultReply }, status: 'COMPLETED' },
])
