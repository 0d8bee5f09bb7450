import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import {
  type CommandContext,
  type FollowOptions,
  followRun,
  newestMessageTs,
  resumeCommand,
} from '../follow.js'

/** Options of `dinoai send`. */
export interface SendCommandOptions {
  /** `false` for `--no-wait`. */
  wait: boolean
  /** Extra follow options: `hide` is asked about every message the echo filter lets through; `resume` replaces the hint. */
  follow?: Pick<FollowOptions, 'hide' | 'resume'>
}

/**
 * `dinoai send`: a follow-up message, then the new turn only. The server shows the previous
 * turn's COMPLETED for a while after a follow-up: watching with `afterTs` (the newest message
 * before sending) and `followUp` (this message, whose own ts then becomes the cutoff) makes the
 * client skip the old transcript and wait for a reply to this message, so the old answer is
 * never printed as the new one.
 */
export async function sendCommand(
  agentSessionId: string,
  messageArg: string | undefined,
  options: SendCommandOptions,
  ctx: CommandContext,
): Promise<ExitCode> {
  const message = (messageArg ?? (await ctx.readStdin()) ?? '').trim()
  if (!message) throw new CliUsageError('Nothing to send: give the message as an argument or on stdin.')
  const request = { signal: ctx.signal }
  // Read before sending: anything up to the newest message now belongs to the previous turns.
  const afterTs = options.wait ? newestMessageTs(await ctx.client.getRun(agentSessionId, request)) : undefined
  const accepted = await ctx.client.sendMessage(agentSessionId, message, request)
  ctx.renderer.accepted('send', accepted)
  if (afterTs === undefined) {
    ctx.renderer.note(`Not waiting. Follow it with: ${resumeCommand(accepted.agentSessionId)}`)
    return EXIT_CODES.ok
  }
  const extraHide = options.follow?.hide
  return followRun(ctx, agentSessionId, {
    afterTs,
    followUp: message,
    // The user just typed it: echoing it back would read as if it were part of the reply. The
    // extra filter sees every message (a stateful filter must), even the echo it will not print.
    hide: (m) => {
      const hidden = extraHide?.(m) === true
      return (m.role === 'user' && m.content.trim() === message) || hidden
    },
    ...(options.follow?.resume ? { resume: options.follow.resume } : {}),
  })
}
