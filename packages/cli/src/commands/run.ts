import type { DinoAiWarning, TriggerRunInput } from '@dinoai/client'
import { nonEmpty } from '../config.js'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import { type CommandContext, type FollowOptions, followRun, resumeCommand } from '../follow.js'

/** Options of `dinoai run`. */
export interface RunCommandOptions {
  agent?: string | undefined
  message?: string | undefined
  slackChannel?: string | undefined
  slackThread?: string | undefined
  baseBranch?: string | undefined
  /** `--model-family`: the model the agent runs on (newer backends; an unknown one falls back with a warning). */
  modelFamily?: string | undefined
  /** `false` for `--no-wait`: print the session id and return. */
  wait: boolean
  /** Told the session id as soon as the API accepts the run. */
  onAccepted?: (agentSessionId: string) => void
  /** How the run is followed (the chat hides its own echo and repeats, and resumes with `dinoai chat`). */
  follow?: FollowOptions
}

/** `dinoai run`: triggers a run and, unless told not to, streams it to its end. */
export async function runCommand(options: RunCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const input = await triggerInput(options, ctx)
  // The client hands the trigger's warning over redacted; it is shown after the "Started" line.
  const warnings: DinoAiWarning[] = []
  const accepted = await ctx.client.triggerRun(input, {
    signal: ctx.signal,
    onWarning: (warning) => warnings.push(warning),
  })
  ctx.renderer.accepted('run', accepted, input.agent)
  for (const { code, message } of warnings) {
    ctx.renderer.event({ type: 'warning', agentSessionId: accepted.agentSessionId, code, message })
  }
  options.onAccepted?.(accepted.agentSessionId)
  if (!options.wait) {
    ctx.renderer.note(`Not waiting. Follow it with: ${resumeCommand(accepted.agentSessionId)}`)
    return EXIT_CODES.ok
  }
  return followRun(ctx, accepted.agentSessionId, options.follow)
}

async function triggerInput(options: RunCommandOptions, ctx: CommandContext): Promise<TriggerRunInput> {
  const message = nonEmpty(options.message) ?? nonEmpty(await ctx.readStdin())
  const agent = nonEmpty(options.agent)
  if (!agent && !message) {
    throw new CliUsageError(
      'Nothing to run: give --agent NAME, --message TEXT, or pipe a message on stdin (e.g. echo "Check stg_orders" | dinoai run).',
    )
  }
  const channel = nonEmpty(options.slackChannel)
  const threadTs = nonEmpty(options.slackThread)
  if (Boolean(channel) !== Boolean(threadTs)) {
    throw new CliUsageError('Slack routing needs both --slack-channel and --slack-thread.')
  }
  const baseBranch = nonEmpty(options.baseBranch)
  const modelFamily = nonEmpty(options.modelFamily)
  if (options.modelFamily !== undefined && !modelFamily) {
    throw new CliUsageError('--model-family needs a name, e.g. --model-family claude.')
  }
  return {
    ...(agent ? { agent } : {}),
    ...(message ? { message } : {}),
    ...(channel && threadTs ? { slack: { channel, threadTs } } : {}),
    ...(baseBranch ? { baseBranch } : {}),
    // Only when asked: without it the client sends the older trigger document, which every backend knows.
    ...(modelFamily ? { modelFamily } : {}),
  }
}
