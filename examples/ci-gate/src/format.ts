/** How the gate shows a run's progress in a CI log: one short line per event. */
import type { DinoAiAgentRun, WatchEvent } from '@dinoai/client'

const MAX_LINE = 160

/** The text on one line, cut to fit a log line; `…` marks a cut (ours or the server's). */
export function oneLine(text: string, cutByServer = false): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length > MAX_LINE) return `${flat.slice(0, MAX_LINE - 1)}…`
  return cutByServer ? `${flat}…` : flat
}

/** The log line for a watch event, or undefined for events the log leaves out. */
export function describeEvent(event: WatchEvent): string | undefined {
  switch (event.type) {
    case 'status':
      return `  status ${event.status}`
    case 'startup':
      return `  start-up: ${event.startupSteps.map((s) => `${s.label} ${s.done ? '✓' : '…'}`).join(', ')}`
    case 'step': {
      const { index, role, toolName, toolInput, content, truncated } = event.step
      // A tool step shows what went in and what came out; other steps their text.
      const text = toolName
        ? [toolInput, content].filter((part) => part !== null && part !== '').join(' → ')
        : (content ?? '')
      return `  #${index} ${toolName ? `${role} ${toolName}` : role}: ${oneLine(text, truncated)}`
    }
    case 'warning':
      return `  warning: ${event.warning.message}`
    // Agent messages arrive as steps too; the final answer is printed with the verdict.
    case 'message':
    case 'completed':
    case 'failed':
      return undefined
  }
}

/** The agent's last answer in the run's transcript, if it gave one. */
export function lastAnswer(run: DinoAiAgentRun): string | undefined {
  return run.messages.findLast((m) => m.role !== 'user')?.content
}
