import type { WaitOptions } from '@dinoai/client'
import type { DinoAiAgentMessage, DinoAiAgentRun } from '@dinoai/operations'
import { isTerminalStatus } from '@dinoai/operations'
import type { CliClient } from './client-port.js'
import { EXIT_CODES, type ExitCode, exitCodeForStatus } from './exit-codes.js'
import { shellQuote } from './format.js'
import type { Renderer } from './render.js'

/** What every command gets: a client, a renderer, the Ctrl-C signal and the polling settings. */
export interface CommandContext {
  client: CliClient
  renderer: Renderer
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal
  wait: { timeoutMs?: number; pollIntervalMs?: number }
  /** The message piped on stdin, read only when a command needs it. */
  readStdin: () => Promise<string | undefined>
}

/** Options of {@link followRun}: for a follow-up, the client's `afterTs` and `followUp`. */
export interface FollowOptions extends Pick<WaitOptions, 'afterTs' | 'followUp'> {
  /**
   * Messages not to print, though new (the follow-up the user just typed). Called once per new
   * message, in transcript order, so a filter may keep state (the chat's repeat filter does).
   */
  hide?: (message: DinoAiAgentMessage) => boolean
  /** The command that picks the session up again, for the Ctrl-C and timeout hints. Default `dinoai watch`. */
  resume?: (agentSessionId: string) => string
}

/** The command that picks a session up again, quoted for copying into a shell. */
export function resumeCommand(agentSessionId: string): string {
  return `dinoai watch ${shellQuote(agentSessionId)}`
}

/**
 * Streams a session with the client's watchRun until it settles, and returns the exit code. The
 * client decides what is new and when the run is over; a failed run, a timeout and Ctrl-C end here
 * too, since each needs the session id for its hint.
 */
export async function followRun(
  ctx: CommandContext,
  agentSessionId: string,
  options: FollowOptions = {},
): Promise<ExitCode> {
  const { renderer, signal } = ctx
  const id = agentSessionId
  renderer.waiting(id)
  try {
    const events = ctx.client.watchRun(id, {
      ...ctx.wait,
      signal,
      ...(options.afterTs !== undefined ? { afterTs: options.afterTs } : {}),
      ...(options.followUp !== undefined ? { followUp: options.followUp } : {}),
    })
    for await (const event of events) {
      if (event.type === 'status') {
        // The client reports a terminal status only with the read that settles the run (never the
        // previous turn's); it is printed with the `completed`/`failed` event, after that read's
        // messages, so the reply comes before the line saying the run ended.
        if (!isTerminalStatus(event.status))
          renderer.event({ type: 'status', agentSessionId: id, status: event.status })
      } else if (event.type === 'message') {
        if (!options.hide?.(event.message))
          renderer.event({ type: 'message', agentSessionId: id, message: event.message })
      } else {
        renderer.event({ type: 'status', agentSessionId: id, status: event.run.status })
        renderer.final(event.run)
        return exitCodeForStatus(event.run.status)
      }
    }
    // watchRun always ends with `completed` or `failed`, or throws.
    throw new Error(`watchRun ended without settling run ${id}.`)
  } catch (error) {
    renderer.close()
    const resume = (options.resume ?? resumeCommand)(id)
    if (signal.aborted) {
      renderer.note(`Interrupted. Run ${id} keeps going on the server; resume with: ${resume}`)
      return EXIT_CODES.interrupted
    }
    if ((error as { code?: unknown }).code === 'WAIT_TIMEOUT') {
      const { lastRun, timeoutMs } = error as { lastRun?: DinoAiAgentRun; timeoutMs?: number }
      const seconds = Math.round((timeoutMs ?? ctx.wait.timeoutMs ?? 0) / 1000)
      const last = lastRun ? ` It was last ${lastRun.status}.` : ''
      renderer.note(
        `Timed out after ${seconds}s waiting for run ${id}.${last} It keeps going on the server; resume with: ${resume}`,
      )
      return EXIT_CODES.timeout
    }
    throw error
  }
}

/** The newest message ts of a run, the `afterTs` of a follow-up sent now; 0 for an empty transcript. */
export function newestMessageTs(run: DinoAiAgentRun): number {
  let newest = 0
  for (const message of run.messages) newest = Math.max(newest, message.ts)
  return newest
}
