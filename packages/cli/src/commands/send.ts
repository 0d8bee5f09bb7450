import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import { type CommandContext, followRun, resumeCommand } from '../follow.js'
import { createTranscriptTracker } from '../transcript.js'

/** Options of `dinoai send`. */
export interface SendCommandOptions {
  /** `false` for `--no-wait`. */
  wait: boolean
}

/**
 * `dinoai send`: a follow-up message, then the new turn only. The server shows the previous
 * turn's COMPLETED for a while after a follow-up; the client's sendMessageAndWait waits through it
 * and the tracker hides it, so the old answer is never printed as the new one.
 */
export async function sendCommand(
  agentSessionId: string,
  messageArg: string | undefined,
  options: SendCommandOptions,
  ctx: CommandContext,
): Promise<ExitCode> {
  const message = (messageArg ?? (await ctx.readStdin()) ?? '').trim()
  if (!message) throw new CliUsageError('Nothing to send: give the message as an argument or on stdin.')
  if (!options.wait) {
    const accepted = await ctx.client.sendMessage(agentSessionId, message, { signal: ctx.signal })
    ctx.renderer.accepted('send', accepted)
    ctx.renderer.note(`Not waiting. Follow it with: ${resumeCommand(accepted.agentSessionId)}`)
    return EXIT_CODES.ok
  }
  let announced = false
  const tracker = createTranscriptTracker({ followUp: message })
  // The follow-up was accepted once the first poll comes back; announce it then.
  const announcing = {
    update: (run: Parameters<typeof tracker.update>[0]) => {
      if (!announced) {
        announced = true
        ctx.renderer.accepted('send', { agentSessionId, status: 'queued' })
      }
      return tracker.update(run)
    },
  }
  return followRun(ctx, agentSessionId, announcing, (wait) =>
    ctx.client.sendMessageAndWait(agentSessionId, message, wait),
  )
}
