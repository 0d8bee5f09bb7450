import type { DinoAiAgentMessage } from '@dinoai/operations'
import { runCommand } from '../commands/run.js'
import { sendCommand } from '../commands/send.js'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { type CommandContext, followRun } from '../follow.js'
import { messageKey, type RepeatFilter, resumeChatCommand } from './render.js'

/** What a chat carries from one turn to the next. */
export interface ChatState {
  /** Unset until the first turn starts a run (or set by `--session`). */
  sessionId: string | undefined
  agent: string | undefined
  /** Asked for when the first turn starts the run; later turns are follow-ups in the same session. */
  modelFamily: string | undefined
  /** Shared by every turn: a repeat is judged against the whole transcript shown so far. */
  filter: RepeatFilter
}

/**
 * One turn: the first starts a run with the line as its message (`dinoai run`), later ones send it
 * as a follow-up (`dinoai send`, which waits for the reply to this message, never the previous
 * turn's answer). The user's own line is not echoed back, repeats are shown once, and Ctrl-C
 * (`ctx.signal`) ends the wait with a `dinoai chat --session` hint while the run goes on.
 */
export async function runTurn(state: ChatState, text: string, ctx: CommandContext): Promise<ExitCode> {
  const hide = (m: DinoAiAgentMessage) => {
    // Asked first, for every message: the filter must see the whole transcript in order.
    const repeat = state.filter.isRepeat(m)
    return repeat || (m.role === 'user' && m.content.trim() === text)
  }
  const follow = { hide, resume: resumeChatCommand }
  try {
    if (state.sessionId === undefined) {
      return await runCommand(
        {
          agent: state.agent,
          message: text,
          modelFamily: state.modelFamily,
          wait: true,
          onAccepted: (id) => {
            state.sessionId = id
          },
          follow,
        },
        ctx,
      )
    }
    return await sendCommand(state.sessionId, text, { wait: true, follow }, ctx)
  } catch (error) {
    if (!ctx.signal.aborted) throw error
    // Ctrl-C while a request was in flight: it may or may not have reached the server.
    ctx.renderer.close()
    const resume = state.sessionId ? ` Resume with: ${resumeChatCommand(state.sessionId)}` : ''
    ctx.renderer.note(`Interrupted before the API answered; the message may still have been sent.${resume}`)
    return EXIT_CODES.interrupted
  }
}

/**
 * After a resumed session's transcript was replayed: follows the run if it is still going, without
 * printing the replayed messages again.
 */
export function followResumed(
  state: ChatState & { sessionId: string },
  shown: ReadonlySet<string>,
  ctx: CommandContext,
): Promise<ExitCode> {
  return followRun(ctx, state.sessionId, {
    hide: (m) => shown.has(messageKey(m)) || state.filter.isRepeat(m),
    resume: resumeChatCommand,
  })
}
