import { isTerminalStatus } from '@dinoai/operations'
import { EXIT_CODES, type ExitCode, exitCodeForStatus } from '../exit-codes.js'
import type { CommandContext } from '../follow.js'

/**
 * `dinoai status`: one read of a session, printed as transcript and status. Exits 1 when the run
 * ended FAILED, EXPIRED or STOPPED, else 0 (COMPLETED, or still going).
 */
export async function statusCommand(agentSessionId: string, ctx: CommandContext): Promise<ExitCode> {
  const run = await ctx.client.getRun(agentSessionId, { signal: ctx.signal })
  ctx.renderer.snapshot(run)
  return isTerminalStatus(run.status) ? exitCodeForStatus(run.status) : EXIT_CODES.ok
}
