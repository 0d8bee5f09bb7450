/**
 * The gate itself: trigger the agent, stream the run's steps, and turn the outcome into an exit
 * code. It never leaves an agent running on its account: on timeout or cancellation it stops the
 * run (unless told not to).
 */
import { type DinoAiClient, DinoAiError, DinoAiWaitTimeoutError } from '@dinoai/client'
import type { GateConfig } from './config.js'
import { describeEvent, lastAnswer } from './format.js'

/** Where the gate writes: progress to `out`, failures to `err`. */
export interface GateIo {
  out(line: string): void
  err(line: string): void
}

/** The gate's exit codes. */
export const EXIT = { passed: 0, failed: 1, usage: 2, timedOut: 3, unreachable: 4, cancelled: 130 } as const

function annotate(config: GateConfig, io: GateIo, text: string): void {
  io.err(config.githubActions ? `::error title=DinoAI gate::${text}` : text)
}

async function stopIfAsked(client: DinoAiClient, config: GateConfig, io: GateIo, id: string): Promise<void> {
  if (!config.stopOnExit) return
  try {
    const stopped = await client.stopRun(id)
    io.out(`Stopped run ${id}: ${stopped.status}`)
  } catch (error) {
    io.err(`Could not stop run ${id}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** Streams the run to the log until it settles; returns the exit code for how it ended. */
async function follow(
  client: DinoAiClient,
  config: GateConfig,
  io: GateIo,
  id: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  const options = { steps: true, timeoutMs: config.timeoutMs, ...(signal ? { signal } : {}) } as const
  for await (const event of client.watchRun(id, options)) {
    const line = describeEvent(event)
    if (line) io.out(line)
    if (event.type === 'completed' || event.type === 'failed') {
      const answer = lastAnswer(event.run)
      if (answer) io.out(`Agent's answer:\n${answer}`)
      if (event.type === 'completed') {
        io.out(`Gate passed: run ${id} COMPLETED.`)
        return EXIT.passed
      }
      annotate(config, io, `Gate failed: ${config.agent} run ${id} ended ${event.run.status}.`)
      return EXIT.failed
    }
  }
  throw new Error(`watchRun ended without a final event for ${id}`)
}

/**
 * Triggers `config.agent` with `config.message`, streams the run's steps to `io`, and resolves
 * with the exit code (`EXIT`). Abort `signal` to cancel (the run is stopped, exit 130).
 */
export async function runGate(
  client: DinoAiClient,
  config: GateConfig,
  io: GateIo,
  signal?: AbortSignal,
): Promise<number> {
  let id: string | undefined
  try {
    const accepted = await client.triggerRun(
      {
        agent: config.agent,
        message: config.message,
        ...(config.branch ? { baseBranch: config.branch } : {}),
      },
      signal ? { signal } : {},
    )
    id = accepted.agentSessionId
    io.out(`Triggered ${config.agent}: run ${id} (${accepted.status})`)
    return await follow(client, config, io, id, signal)
  } catch (error) {
    if (signal?.aborted) {
      io.err(`Cancelled${id ? ` while waiting for run ${id}` : ''}.`)
      if (id) await stopIfAsked(client, config, io, id)
      return EXIT.cancelled
    }
    if (error instanceof DinoAiWaitTimeoutError && id) {
      annotate(config, io, `Gate timed out: ${error.message}`)
      await stopIfAsked(client, config, io, id)
      return EXIT.timedOut
    }
    // Anything else from the client (auth, network, GraphQL) has a message without secrets.
    if (error instanceof DinoAiError) {
      annotate(config, io, `DinoAI refused or could not be reached (${error.code}): ${error.message}`)
      return EXIT.unreachable
    }
    throw error
  }
}
