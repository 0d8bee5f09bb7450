import type { WatchEvent } from '@dinoai/client'
import type { DinoAiAgentMessage, DinoAiAgentRun } from '@dinoai/operations'
import { isTerminalStatus } from '@dinoai/operations'
import type { CliClient } from './client-port.js'
import { EXIT_CODES, type ExitCode, exitCodeForStatus } from './exit-codes.js'
import { formatLimit, shellQuote } from './format.js'
import type { Renderer, TranscriptEvent } from './output/render.js'

/** What every command gets: a client, a renderer, the Ctrl-C signal and the polling settings. */
export interface CommandContext {
  client: CliClient
  renderer: Renderer
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal
  wait: { timeoutMs?: number; pollIntervalMs?: number }
  /**
   * `--steps`: follow the run's steps and start-up checklist too. Only then is the newer run
   * document sent, so that without it an older backend (which answers it with HTTP 400) still works.
   */
  steps?: boolean
  /** The message piped on stdin, read only when a command needs it. */
  readStdin: () => Promise<string | undefined>
}

/** Options of {@link followRun} and {@link followEvents}: what not to print, and how to resume. */
export interface FollowOptions {
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

/** The watch options every command follows a session with: its polling, Ctrl-C and `--steps`. */
export function watchOptions(ctx: CommandContext) {
  return { ...ctx.wait, signal: ctx.signal, ...(ctx.steps ? { steps: true } : {}) }
}

/** Streams a session with the client's watchRun until it settles, and returns the exit code. */
export function followRun(
  ctx: CommandContext,
  agentSessionId: string,
  options: FollowOptions = {},
): Promise<ExitCode> {
  ctx.renderer.waiting(agentSessionId)
  return followEvents(ctx, agentSessionId, ctx.client.watchRun(agentSessionId, watchOptions(ctx)), options)
}

/**
 * Prints a session's events until it settles, and returns the exit code. The client decides what
 * is new and when the run is over; a failed run, a timeout and Ctrl-C end here too, since each
 * needs the session id for its hint.
 */
export async function followEvents(
  ctx: CommandContext,
  agentSessionId: string,
  events: AsyncIterable<WatchEvent>,
  options: FollowOptions = {},
): Promise<ExitCode> {
  const { renderer, signal } = ctx
  const id = agentSessionId
  try {
    for await (const event of events) {
      const shown = transcriptEvent(id, event, options)
      if (shown) renderer.event(shown)
      if (event.type === 'completed' || event.type === 'failed') {
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
      const limit = formatLimit(timeoutMs ?? ctx.wait.timeoutMs ?? 0)
      const last = lastRun ? ` It was last ${lastRun.status}.` : ''
      renderer.note(
        `Timed out after ${limit} waiting for run ${id}.${last} It keeps going on the server; resume with: ${resume}`,
      )
      return EXIT_CODES.timeout
    }
    throw error
  }
}

/** What the renderer shows for a watch event, if anything. */
function transcriptEvent(id: string, event: WatchEvent, options: FollowOptions): TranscriptEvent | undefined {
  switch (event.type) {
    case 'status':
      // The client reports a terminal status only with the read that settles the run (never the
      // previous turn's); it is printed with the `completed`/`failed` event, after that read's
      // messages, so the reply comes before the line saying the run ended.
      return isTerminalStatus(event.status)
        ? undefined
        : { type: 'status', agentSessionId: id, status: event.status }
    case 'message':
      return options.hide?.(event.message)
        ? undefined
        : { type: 'message', agentSessionId: id, message: event.message }
    case 'step':
      return { type: 'step', agentSessionId: id, step: event.step }
    case 'startup':
      return { type: 'startup', agentSessionId: id, startupSteps: event.startupSteps }
    case 'warning':
      return { type: 'warning', agentSessionId: id, code: event.warning.code, message: event.warning.message }
    default:
      return { type: 'status', agentSessionId: id, status: event.run.status }
  }
}
