import type { DinoAiAgentMessage, DinoAiAgentRun } from '@dinoai/operations'
import { shellQuote } from '../format.js'
import type { Renderer } from '../output/render.js'

/**
 * Decides, message by message in transcript order, whether a message repeats the one before it.
 * The API sometimes delivers the same agent message twice in a row; the chat shows it once. Every
 * message must be passed in, shown or not (a user message in between makes an equal answer new).
 */
export interface RepeatFilter {
  isRepeat(message: DinoAiAgentMessage): boolean
}

/** A {@link RepeatFilter}: a non-user message with the same role and text as the previous message is a repeat. */
export function createRepeatFilter(): RepeatFilter {
  let previous: { role: string; content: string } | undefined
  return {
    isRepeat(message) {
      const content = message.content.trim()
      const repeat =
        message.role !== 'user' && previous?.role === message.role && previous.content === content
      if (!repeat) previous = { role: message.role, content }
      return repeat
    },
  }
}

/** The command that resumes a chat session, quoted for a shell. */
export function resumeChatCommand(agentSessionId: string): string {
  return `dinoai chat --session ${shellQuote(agentSessionId)}`
}

/** What the chat says when it starts. */
export interface ChatBanner {
  agent?: string | undefined
  session?: string | undefined
}

/** The first lines of an interactive chat: what it talks to, and how to leave. */
export function printBanner(renderer: Renderer, out: (line: string) => void, banner: ChatBanner): void {
  const c = renderer.palette
  const target = banner.session
    ? `session ${banner.session}`
    : banner.agent
      ? `agent ${banner.agent}`
      : 'a new session'
  out(`${c.bold('DinoAI chat')} ${c.dim(`· ${target} · Ctrl-D (or Ctrl-C on an empty line) to leave`)}`)
}

/**
 * Prints a resumed session's transcript (repeats shown once) and its status. Returns the messages
 * shown, so that following the run afterwards does not print them again.
 */
export function replayTranscript(
  renderer: Renderer,
  out: (line: string) => void,
  run: DinoAiAgentRun,
  filter: RepeatFilter,
): Set<string> {
  const shown = new Set<string>()
  for (const message of run.messages) {
    shown.add(messageKey(message))
    if (!filter.isRepeat(message)) {
      renderer.event({ type: 'message', agentSessionId: run.agentSessionId, message })
    }
  }
  out(renderer.palette.dim(`Session ${run.agentSessionId} is ${run.status}.`))
  return shown
}

/** A message's identity across reads of the same run (objects differ between reads). */
export function messageKey(message: DinoAiAgentMessage): string {
  return `${message.ts}\u0000${message.role}\u0000${message.content}`
}
