import { isTerminalStatus } from '@dinoai/operations'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import type { CommandContext } from '../follow.js'

/**
 * `dinoai stop`: asks the API to stop a run. Exit 0 when the run is stopped (now, or it already
 * was) or stopping; 1 when it had already finished otherwise (COMPLETED, FAILED, EXPIRED: there was
 * nothing to stop, and a CI step that meant to cancel a run should know), as for an unknown session.
 */
export async function stopCommand(agentSessionId: string, ctx: CommandContext): Promise<ExitCode> {
  const result = await ctx.client.stopRun(agentSessionId, { signal: ctx.signal })
  const stopped = result.status === 'STOPPED' || !isTerminalStatus(result.status)
  ctx.renderer.stopped(result, stopped)
  return stopped ? EXIT_CODES.ok : EXIT_CODES.runFailed
}
