import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import {
  type CommandContext,
  type FollowOptions,
  followEvents,
  resumeCommand,
  watchOptions,
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
 * turn's COMPLETED for a while after a follow-up: the client's sendMessageAndWatch reads the
 * transcript before sending and then yields only the reply to this message, so the old answer is
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
  if (!options.wait) {
    const accepted = await ctx.client.sendMessage(agentSessionId, message, { signal: ctx.signal })
    ctx.renderer.accepted('send', accepted)
    ctx.renderer.note(`Not waiting. Follow it with: ${resumeCommand(accepted.agentSessionId)}`)
    return EXIT_CODES.ok
  }
  const reply = await ctx.client.sendMessageAndWatch(agentSessionId, message, watchOptions(ctx))
  ctx.renderer.accepted('send', reply.accepted)
  ctx.renderer.waiting(agentSessionId)
  const extraHide = options.follow?.hide
  return followEvents(ctx, agentSessionId, reply, {
    // The user just typed it: echoing it back would read as if it were part of the reply. The
    // extra filter sees every message (a stateful filter must), even the echo it will not print.
    hide: (m) => {
      const hidden = extraHide?.(m) === true
      return (m.role === 'user' && m.content.trim() === message) || hidden
    },
    ...(options.follow?.resume ? { resume: options.follow.resume } : {}),
  })
}
