import { Command, InvalidArgumentError, Option } from 'commander'
import type { ChatCommandOptions } from './commands/chat.js'
import type { RunCommandOptions } from './commands/run.js'
import type { ConnectionFlags } from './config.js'

/** Options every command accepts: output and connection. */
export interface GlobalOptions extends ConnectionFlags {
  json?: boolean
  verbose?: boolean
  /** `false` for `--no-color`. */
  color?: boolean
}

/** Polling options of the commands that wait. */
export interface WaitFlags {
  timeout?: number
  pollInterval?: number
  /** `--steps`: follow steps and the start-up checklist too (newer backends). */
  steps?: boolean
}

/** Options of `dinoai mock-server`. */
export interface MockServerFlags {
  port: number
  host: string
}

/** Options of `dinoai demo`. */
export interface DemoFlags {
  pollInterval?: number
}

/** What each command does once its arguments are parsed; each returns the exit code. */
export interface CommandActions {
  run(options: RunCommandOptions, wait: WaitFlags, global: GlobalOptions): Promise<number>
  send(
    session: string,
    message: string | undefined,
    wait: WaitFlags & { wait: boolean },
    global: GlobalOptions,
  ): Promise<number>
  status(session: string, global: GlobalOptions): Promise<number>
  watch(session: string, wait: WaitFlags, global: GlobalOptions): Promise<number>
  chat(options: ChatCommandOptions, wait: WaitFlags, global: GlobalOptions): Promise<number>
  stop(session: string, global: GlobalOptions): Promise<number>
  mockServer(options: MockServerFlags, global: GlobalOptions): Promise<number>
  demo(options: DemoFlags, global: GlobalOptions): Promise<number>
}

/** Where commander writes help, version and its own error messages. */
export interface ProgramOutput {
  writeOut(text: string): void
  writeErr(text: string): void
}

/** Parses a number of seconds (fractions allowed) into milliseconds. */
export function parseSeconds(value: string): number {
  const seconds = Number(value)
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidArgumentError(`expected a number of seconds >= 0, got ${JSON.stringify(value)}.`)
  }
  return Math.round(seconds * 1000)
}

/**
 * Parses the time between status reads, in seconds, into milliseconds. Unlike a timeout it cannot
 * be 0: checked here, the mistake is reported before `run` or `send` has started anything.
 */
export function parseInterval(value: string): number {
  const ms = parseSeconds(value)
  if (ms < 1) {
    throw new InvalidArgumentError(
      `expected a number of seconds > 0 (at least 0.001), got ${JSON.stringify(value)}.`,
    )
  }
  return ms
}

/** Parses a TCP port, 0 meaning any free port. */
export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError(`expected a port number from 0 to 65535, got ${JSON.stringify(value)}.`)
  }
  return port
}

const WAIT_HELP = `
Exit codes:
  0    the run COMPLETED
  1    it ended FAILED, EXPIRED or STOPPED, or the API refused the request
  2    usage or configuration error (missing credentials, bad flags)
  3    --timeout reached (the run keeps going; resume with dinoai watch SESSION)
  130  interrupted with Ctrl-C (the run keeps going; resume with dinoai watch SESSION)`

/**
 * The `dinoai` command line, as a commander program. Actions return exit codes instead of exiting,
 * so that runCli works in-process; commander's own exits are turned into errors (exitOverride).
 */
export function buildProgram(
  actions: CommandActions,
  output: ProgramOutput,
  version: string,
): { program: Command; exitCode: () => number } {
  let exitCode = 0
  const program = new Command('dinoai')
  program
    .description(
      'Run DinoAI agents, chat with them, follow up on their sessions, watch and stop them, from CI jobs and terminals.',
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr })
    .exitOverride()
    .showHelpAfterError('(add --help for usage and examples)')
    .option('--verbose', 'print error details (HTTP status, request id, cause)')
    .option('--no-color', 'never colour the output (NO_COLOR and FORCE_COLOR are honoured too)')
    .option('--endpoint <url>', 'GraphQL endpoint (default: $PARADIME_API_ENDPOINT)')
    .option('--api-key <key>', 'API key (default: $PARADIME_API_KEY)')
    .option(
      '--api-secret <secret>',
      'API secret (default: $PARADIME_API_SECRET; a flag leaks into shell history)',
    )
    .option('--workspace <uid>', 'workspace uid (default: $PARADIME_WORKSPACE_UID)')
    .addHelpText(
      'after',
      `
Credentials come from PARADIME_API_ENDPOINT, PARADIME_API_KEY, PARADIME_API_SECRET and
PARADIME_WORKSPACE_UID; the flags above override them.

Examples:
  $ dinoai demo                                   see everything work, no account needed
  $ dinoai run --agent data-quality-checker       run an agent and stream its transcript
  $ echo "Why did stg_orders fail?" | dinoai run  a message on stdin
  $ dinoai send SESSION "And stg_payments?"       follow up on a session
  $ dinoai chat --agent data-quality-checker      an interactive session with history
  $ dinoai stop SESSION                           stop a run
  $ dinoai watch SESSION --json                   stream a session as NDJSON`,
    )

  const set = (code: number) => {
    exitCode = code
  }
  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>()
  const waitFlags = (opts: { timeout?: number; pollInterval?: number; steps?: boolean }): WaitFlags => ({
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
    ...(opts.pollInterval !== undefined ? { pollInterval: opts.pollInterval } : {}),
    ...(opts.steps === true ? { steps: true } : {}),
  })
  const timeoutOption = () =>
    new Option('--timeout <seconds>', 'stop waiting after this long (default 3600)').argParser(parseSeconds)
  const pollOption = () =>
    new Option('--poll-interval <seconds>', 'time between status reads (default 2)').argParser(parseInterval)
  const stepsOption = () =>
    new Option(
      '--steps',
      "show the agent's steps (tool and input) and start-up checklist; with --json, step events (needs a newer API)",
    )
  const modelFamilyOption = () =>
    new Option(
      '--model-family <name>',
      'the model family to run on, e.g. claude (needs a newer API; an unknown one runs on the default, with a warning)',
    )

  program
    .command('run')
    .description('Trigger an agent run and stream its transcript until it ends.')
    .option('--agent <name>', 'the YAML-defined agent to run (file name under .dinoai/agents/, without .yml)')
    .option('--message <text>', 'the prompt; without it, a message piped on stdin is used')
    .option('--slack-channel <channel>', 'Slack channel id to post into (with --slack-thread)')
    .option('--slack-thread <ts>', 'Slack thread timestamp to reply in (with --slack-channel)')
    .option('--base-branch <branch>', 'git branch the agent starts from')
    .addOption(modelFamilyOption())
    .option('--no-wait', 'print the session id and return without waiting')
    .addOption(timeoutOption())
    .addOption(pollOption())
    .addOption(stepsOption())
    .option('--json', 'newline-delimited JSON events on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ dinoai run --agent data-quality-checker
  $ dinoai run --agent data-quality-checker --message "Only check the marts models"
  $ git diff --stat | dinoai run --agent reviewer        the message comes from stdin
  $ cat prompt.md | dinoai run --agent reviewer --json > events.ndjson
  $ dinoai run --agent triage --slack-channel C0123456789 --slack-thread 1714142436.001200 --no-wait
  $ dinoai run --agent data-quality-checker --steps       live tool steps and the start-up checklist
  $ dinoai run --agent reviewer --model-family claude --json --steps > events.ndjson
${WAIT_HELP}`,
    )
    .action(async (opts, command: Command) => {
      set(
        await actions.run(
          {
            agent: opts.agent,
            message: opts.message,
            slackChannel: opts.slackChannel,
            slackThread: opts.slackThread,
            baseBranch: opts.baseBranch,
            modelFamily: opts.modelFamily,
            wait: opts.wait !== false,
          },
          waitFlags(opts),
          globals(command),
        ),
      )
    })

  program
    .command('send')
    .description('Send a follow-up message to a session and stream the new turn.')
    .argument('<session>', 'the agent session id')
    .argument('[message]', 'the follow-up; read from stdin when omitted')
    .option('--no-wait', 'return as soon as the message is accepted')
    .addOption(timeoutOption())
    .addOption(pollOption())
    .addOption(stepsOption())
    .option('--json', 'newline-delimited JSON events on stdout')
    .addHelpText(
      'after',
      `
Only the new turn is shown: the previous answer is never printed again.

Examples:
  $ dinoai send 7f3c9e "And stg_payments?"
  $ echo "Open a PR with the fix" | dinoai send 7f3c9e
${WAIT_HELP}`,
    )
    .action(async (session: string, message: string | undefined, opts, command: Command) => {
      set(
        await actions.send(
          session,
          message,
          { ...waitFlags(opts), wait: opts.wait !== false },
          globals(command),
        ),
      )
    })

  program
    .command('status')
    .description("Print a session's status and transcript once.")
    .argument('<session>', 'the agent session id')
    .option('--json', 'print the run as one JSON line')
    .addHelpText(
      'after',
      `
Exits 1 when the run ended FAILED, EXPIRED or STOPPED, else 0.

Examples:
  $ dinoai status 7f3c9e
  $ dinoai status 7f3c9e --json | jq -r .run.status`,
    )
    .action(async (session: string, _opts, command: Command) => {
      set(await actions.status(session, globals(command)))
    })

  program
    .command('watch')
    .description("Stream a session's transcript until the run ends (resume after Ctrl-C or --no-wait).")
    .argument('<session>', 'the agent session id')
    .addOption(timeoutOption())
    .addOption(pollOption())
    .addOption(stepsOption())
    .option('--json', 'newline-delimited JSON events on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ dinoai watch 7f3c9e
  $ dinoai watch 7f3c9e --steps                 what the agent is doing, step by step
  $ dinoai watch 7f3c9e --json --timeout 600
${WAIT_HELP}`,
    )
    .action(async (session: string, opts, command: Command) => {
      set(await actions.watch(session, waitFlags(opts), globals(command)))
    })

  program
    .command('stop')
    .description('Stop a running agent run (it ends STOPPED).')
    .argument('<session>', 'the agent session id')
    .option('--json', 'print the outcome as one JSON line')
    .addHelpText(
      'after',
      `
Exit codes:
  0    the run is stopped (by this command, or it already was)
  1    the run had already finished otherwise (COMPLETED, FAILED, EXPIRED): nothing to stop;
       or the API refused the request (unknown session, an older API without stop)
  2    usage or configuration error

Examples:
  $ dinoai stop 7f3c9e
  $ dinoai stop 7f3c9e --json | jq -r .status`,
    )
    .action(async (session: string, _opts, command: Command) => {
      set(await actions.stop(session, globals(command)))
    })

  program
    .command('chat')
    .description('Talk to an agent: a prompt with history, follow-ups in one session, resumable.')
    .option('--agent <name>', 'the agent the first message starts (omit for the default agent)')
    .option('--session <id>', 'resume a session: its transcript is replayed, then the prompt follows up')
    .addOption(modelFamilyOption())
    .option('--no-history', 'do not read or write the prompt history file')
    .addOption(timeoutOption())
    .addOption(pollOption())
    .addOption(stepsOption())
    .option('--json', 'NDJSON events on stdout (only with a message piped on stdin)')
    .addHelpText(
      'after',
      `
In a terminal: type a message and press Enter; Up/Down recall earlier lines (kept in
$XDG_CONFIG_HOME/dinoai/history or ~/.config/dinoai/history, never lines with credentials).
Ctrl-C while the agent works stops waiting and leaves the run going (resume with
dinoai chat --session SESSION); Ctrl-C on an empty line or Ctrl-D leaves.
With a message piped on stdin, it is sent once and the exit code is the run's, as for dinoai run.

Examples:
  $ dinoai chat --agent data-quality-checker
  $ dinoai chat --session 7f3c9e                      replay the transcript, then follow up
  $ dinoai chat --agent reviewer --model-family claude --steps
  $ echo "Why did stg_orders fail?" | dinoai chat --agent triage
  $ echo "And stg_payments?" | dinoai chat --session 7f3c9e --json
${WAIT_HELP.replaceAll('dinoai watch SESSION', 'dinoai chat --session SESSION')}`,
    )
    .action(async (opts, command: Command) => {
      set(
        await actions.chat(
          {
            agent: opts.agent,
            session: opts.session,
            modelFamily: opts.modelFamily,
            history: opts.history !== false,
            json: opts.json === true,
          },
          waitFlags(opts),
          globals(command),
        ),
      )
    })

  program
    .command('mock-server')
    .description('Serve the DinoAI mock API over HTTP for local development, until Ctrl-C.')
    .addOption(
      new Option('--port <n>', 'port to listen on; 0 picks a free one').default(4000).argParser(parsePort),
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      `
It prints the environment variables to paste into another shell; any dinoai command or
@dinoai/client program then talks to the mock. Runs are driven by polls, not by time.

Examples:
  $ dinoai mock-server
  $ dinoai mock-server --port 0 --host 127.0.0.1`,
    )
    .action(async (opts: MockServerFlags, command: Command) => {
      set(await actions.mockServer({ port: opts.port, host: opts.host }, globals(command)))
    })

  program
    .command('demo')
    .description('Run a scripted agent session end to end against an embedded mock: no account needed.')
    .addOption(pollOption())
    .addHelpText(
      'after',
      `
Examples:
  $ dinoai demo
  $ dinoai demo --no-color | less`,
    )
    .action(async (opts: DemoFlags, command: Command) => {
      set(await actions.demo(waitFlags(opts), globals(command)))
    })

  return { program, exitCode: () => exitCode }
}
