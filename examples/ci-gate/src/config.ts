/**
 * The gate's settings, from command-line arguments first and environment variables second, with a
 * default message built from the pull request a CI job runs on (GitHub Actions' variables).
 */
import { parseArgs } from 'node:util'

/** What the gate does: which agent, with what message, on which branch, for how long. */
export interface GateConfig {
  /** The agent to trigger (`--agent`, `DINOAI_AGENT`). */
  agent: string
  /** The message for the agent (`--message`, `DINOAI_MESSAGE`, or one naming the pull request). */
  message: string
  /** The trigger's `baseBranch` (`--branch`, `DINOAI_BRANCH`, or the pull request's head branch). */
  branch: string | undefined
  /** How long to wait for the run (`--timeout-minutes`, `DINOAI_TIMEOUT_MINUTES`; default 30). */
  timeoutMs: number
  /** Stop the agent's run when the gate times out or is cancelled (default true; `--no-stop`). */
  stopOnExit: boolean
  /** Print GitHub Actions annotations (`::error::`) for failures (`GITHUB_ACTIONS=true`). */
  githubActions: boolean
}

/** Bad arguments or environment: the message says what is wrong and how to fix it. */
export class GateUsageError extends Error {
  override name = 'GateUsageError'
}

/** The gate's usage, printed with `--help` and after a usage error. */
export const USAGE = `Usage: ci-gate --agent <name> [--message <text>] [--branch <name>] [--timeout-minutes <n>] [--no-stop]

Triggers a DinoAI agent run, streams its steps, and exits 0 when it COMPLETED, 1 when it FAILED,
EXPIRED or STOPPED, 2 on bad usage, 3 when it timed out, 4 when DinoAI could not be reached or
refused the request, 130 when cancelled.

Environment: DINOAI_AGENT, DINOAI_MESSAGE, DINOAI_BRANCH, DINOAI_TIMEOUT_MINUTES, and the client's
PARADIME_API_ENDPOINT, PARADIME_API_KEY, PARADIME_API_SECRET, PARADIME_WORKSPACE_UID. On a GitHub
pull request, the default message names the pull request and the branch is its head branch.`

type Env = Readonly<Record<string, string | undefined>>

/** The pull request a GitHub Actions job runs on, if any: its number, repository and branches. */
function pullRequestOf(
  env: Env,
): { number: string; repository: string; head: string; base: string } | undefined {
  const number = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1]
  const head = env.GITHUB_HEAD_REF
  if (!number || !head) return undefined
  return {
    number,
    repository: env.GITHUB_REPOSITORY ?? 'this repository',
    head,
    base: env.GITHUB_BASE_REF ?? 'main',
  }
}

function timeoutOf(text: string | undefined): number {
  if (text === undefined || text === '') return 30 * 60_000
  const minutes = Number(text)
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new GateUsageError(
      `--timeout-minutes (or DINOAI_TIMEOUT_MINUTES) must be a positive number of minutes; got "${text}".`,
    )
  }
  return minutes * 60_000
}

/** Reads the gate's settings from `argv` (without node and script) and `env`. Throws `GateUsageError`. */
export function parseGateArgs(argv: readonly string[], env: Env): GateConfig | 'help' {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(argv).values
  } catch (error) {
    throw new GateUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
  }
  if (values.help) return 'help'
  const agent = values.agent ?? env.DINOAI_AGENT
  if (!agent)
    throw new GateUsageError(`Name the agent to run with --agent <name> or DINOAI_AGENT.\n\n${USAGE}`)
  const pr = pullRequestOf(env)
  const message =
    values.message ??
    env.DINOAI_MESSAGE ??
    (pr && `Check pull request #${pr.number} of ${pr.repository}: branch ${pr.head} into ${pr.base}.`)
  if (!message) {
    throw new GateUsageError(
      `Give the agent a message with --message <text> or DINOAI_MESSAGE (on a GitHub pull request, a default names it).\n\n${USAGE}`,
    )
  }
  return {
    agent,
    message,
    branch: values.branch ?? env.DINOAI_BRANCH ?? pr?.head,
    timeoutMs: timeoutOf(values['timeout-minutes'] ?? env.DINOAI_TIMEOUT_MINUTES),
    stopOnExit: !values['no-stop'],
    githubActions: env.GITHUB_ACTIONS === 'true',
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      agent: { type: 'string' },
      message: { type: 'string' },
      branch: { type: 'string' },
      'timeout-minutes': { type: 'string' },
      'no-stop': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}
