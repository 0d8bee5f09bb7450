import type { DinoAiAgentStartupStep, DinoAiAgentStep } from '@dinoai/operations'

/** How long a step's input may be on its line: enough to recognise it, short enough for one line. */
export const STEP_INPUT_CHARS = 60

// Steps that repeat the transcript: the user's message and the agent's messages are printed as
// messages already. Roles are an open string (USER, AGENT, user, agent, assistant have been seen).
const TRANSCRIPT_ROLES = new Set(['user', 'agent', 'assistant'])

/** Text on one line: whitespace (newlines included) collapsed, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`
}

/**
 * A step as one line for people: the tool name and a short input (`run_sql SELECT count(*) …`),
 * or for a step of another kind its role and content. Undefined for the steps that only repeat the
 * transcript (the user's and the agent's messages).
 */
export function stepLine(step: DinoAiAgentStep): { name: string; detail: string } | undefined {
  if (step.toolName) {
    return { name: step.toolName, detail: oneLine(step.toolInput ?? '', STEP_INPUT_CHARS) }
  }
  if (TRANSCRIPT_ROLES.has(step.role.toLowerCase())) return undefined
  return { name: step.role.toLowerCase(), detail: oneLine(step.content ?? '', STEP_INPUT_CHARS) }
}

/** Whether every start-up item is done: the agent is up, the checklist has nothing left to say. */
export function startupDone(steps: readonly DinoAiAgentStartupStep[]): boolean {
  return steps.every((step) => step.done)
}

/** The start-up checklist on one line, for logs: `startup: [x] Queued, [ ] Starting the agent pod`. */
export function startupLine(steps: readonly DinoAiAgentStartupStep[]): string {
  return `startup: ${steps.map((s) => `[${s.done ? 'x' : ' '}] ${s.label}`).join(', ')}`
}
