import type { WaitOptions } from '@dinoai/client'
import type { DinoAiAgentRun } from '@dinoai/operations'
import type { CliClient } from './client-port.js'
import { EXIT_CODES, type ExitCode, exitCodeForStatus } from './exit-codes.js'
import { shellQuote } from './format.js'
import type { Renderer } from './render.js'
import type { TranscriptTracker } from './transcript.js'

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

/** The command that picks a session up again, quoted for copying into a shell. */
export function resumeCommand(agentSessionId: string): string {
  return `dinoai watch ${shellQuote(agentSessionId)}`
}

/**
 * Polls a session until it ends, streaming what the tracker finds new, and returns the exit code.
 * A run that failed, a timeout and Ctrl-C end here too, since each needs the session id for its hint.
 */
export async function followRun(
  ctx: CommandContext,
  agentSessionId: string,
  tracker: TranscriptTracker,
  wait: (options: WaitOptions) => Promise<DinoAiAgentRun>,
): Promise<ExitCode> {
  const { renderer, signal } = ctx
  const show = (run: DinoAiAgentRun) => {
    for (const event of tracker.update(run)) renderer.event(event)
  }
  const finish = (run: DinoAiAgentRun) => {
    show(run)
    renderer.final(run)
    return exitCodeForStatus(run.status)
  }
  renderer.waiting(agentSessionId)
  try {
    return finish(await wait({ ...ctx.wait, signal, onUpdate: show }))
  } catch (error) {
    const failedRun = (error as { code?: unknown; run?: DinoAiAgentRun }).run
    if ((error as { code?: unknown }).code === 'RUN_FAILED' && failedRun) return finish(failedRun)
    renderer.close()
    const resume = resumeCommand(agentSessionId)
    if (signal.aborted) {
      renderer.note(`Interrupted. Run ${agentSessionId} keeps going on the server; resume with: ${resume}`)
      return EXIT_CODES.interrupted
    }
    if ((error as { code?: unknown }).code === 'WAIT_TIMEOUT') {
      const { lastRun, timeoutMs } = error as { lastRun?: DinoAiAgentRun; timeoutMs?: number }
      const seconds = Math.round((timeoutMs ?? ctx.wait.timeoutMs ?? 0) / 1000)
      const last = lastRun ? ` It was last ${lastRun.status}.` : ''
      renderer.note(
        `Timed out after ${seconds}s waiting for run ${agentSessionId}.${last} It keeps going on the server; resume with: ${resume}`,
      )
      return EXIT_CODES.timeout
    }
    throw error
  }
}
