import type { ExitCode } from '../exit-codes.js'
import { type CommandContext, followRun } from '../follow.js'

/** `dinoai watch`: the transcript so far, then new messages until the run ends. */
export async function watchCommand(agentSessionId: string, ctx: CommandContext): Promise<ExitCode> {
  return followRun(ctx, agentSessionId)
}
