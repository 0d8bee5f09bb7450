import { Command, Option } from 'commander'
import {
  type CassetteCheckFlags,
  type CommandActions,
  type DemoFlags,
  globals,
  type MockServerFlags,
  modelFamilyOption,
  type ProgramOutput,
  parsePort,
  pollOption,
  stepsOption,
  timeoutOption,
  WAIT_HELP,
  waitFlags,
} from './args.js'
import { exitCodeHelp } from './exit-codes.js'
import { addSchemaCommand } from './schema/program.js'

/** What every command definition needs: the actions, and where the exit code goes. */
interface Wiring {
  actions: CommandActions
  set(code: number): void
}

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
  $ dinoai watch SESSION --json                   stream a session as NDJSON

${exitCodeHelp()}
  (dinoai stop and dinoai cassette check give 0 and 1 meanings of their own: see their --help)`,
    )

  const wiring: Wiring = {
    actions,
    set: (code) => {
      exitCode = code
    },
  }
  for (const addCommand of COMMANDS) addCommand(program, wiring)
  return { program, exitCode: () => exitCode }
}

function addRunCommand(program: Command, { actions, set }: Wiring): void {
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
}

function addSendCommand(program: Command, { actions, set }: Wiring): void {
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
}

function addStatusCommand(program: Command, { actions, set }: Wiring): void {
  program
    .command('status')
    .description("Print a session's status and transcript once.")
    .argument('<session>', 'the agent session id')
    .option('--json', 'print the run as one JSON line')
    .addHelpText(
      'after',
      `
Exits 1 when the run ended FAILED, EXPIRED or STOPPED, 4 when the API or the network failed
the request, else 0.

Examples:
  $ dinoai status 7f3c9e
  $ dinoai status 7f3c9e --json | jq -r .run.status`,
    )
    .action(async (session: string, _opts, command: Command) => {
      set(await actions.status(session, globals(command)))
    })
}

function addWatchCommand(program: Command, { actions, set }: Wiring): void {
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
}

function addStopCommand(program: Command, { actions, set }: Wiring): void {
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
  1    the run had already finished otherwise (COMPLETED, FAILED, EXPIRED): nothing to stop
  2    usage or configuration error
  4    the API or the network failed the request (an unknown session, an older API without stop,
       no answer)

Examples:
  $ dinoai stop 7f3c9e
  $ dinoai stop 7f3c9e --json | jq -r .status`,
    )
    .action(async (session: string, _opts, command: Command) => {
      set(await actions.stop(session, globals(command)))
    })
}

function addChatCommand(program: Command, { actions, set }: Wiring): void {
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
}

function addMockServerCommand(program: Command, { actions, set }: Wiring): void {
  program
    .command('mock-server')
    .description('Serve the DinoAI mock API over HTTP for local development, until Ctrl-C.')
    .addOption(
      new Option('--port <n>', 'port to listen on; 0 picks a free one').default(4000).argParser(parsePort),
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--record <url>',
      'forward to this API with the credentials of PARADIME_* and record every exchange',
    )
    .option('--cassette <file>', 'with --record: the cassette (NDJSON) to write')
    .option('--overwrite', 'with --record: replace a cassette that already holds exchanges')
    .option('--replay <file>', 'answer from a recorded cassette instead of the mock state')
    .option('--repeat', 'with --replay: serve the recording again for each new run (many tests, one server)')
    .option(
      '--schema <file>',
      'serve this schema (SDL), e.g. one from dinoai schema pull; default the shipped one',
    )
    .addHelpText(
      'after',
      `
It prints the environment variables to paste into another shell; any dinoai command or
@dinoai/client program then talks to the mock. Runs are driven by polls, not by time.
With --record it forwards to the real API instead and appends each finished exchange to the
cassette, credentials and secrets left out; --replay serves that cassette back, no account needed.

Examples:
  $ dinoai mock-server
  $ dinoai mock-server --port 0 --host 127.0.0.1
  $ dinoai mock-server --record "$PARADIME_API_ENDPOINT" --cassette test/cassettes/run.ndjson
  $ dinoai mock-server --replay test/cassettes/run.ndjson
  $ dinoai mock-server --schema schema.graphql        fields the mock keeps no state for get mock values`,
    )
    .action(async (opts: MockServerFlags, command: Command) => {
      const { port, host, record, cassette, overwrite, replay, repeat, schema } = opts
      const flags: MockServerFlags = {
        port,
        host,
        ...(record !== undefined ? { record } : {}),
        ...(cassette !== undefined ? { cassette } : {}),
        ...(overwrite ? { overwrite } : {}),
        ...(replay !== undefined ? { replay } : {}),
        ...(repeat ? { repeat } : {}),
        ...(schema !== undefined ? { schema } : {}),
      }
      set(await actions.mockServer(flags, globals(command)))
    })
}

function addCassetteCommand(program: Command, { actions, set }: Wiring): void {
  const cassette = program
    .command('cassette')
    .description('Work with cassettes recorded by dinoai mock-server --record.')
  cassette
    .command('check')
    .description(
      'Check a cassette as replay loads it: every line an exchange, every answer fitting the schema.',
    )
    .argument('<file>', 'the cassette (NDJSON)')
    .option('--schema <file>', 'check against this SDL instead of the schema this CLI carries')
    .option('--json', 'print the report as one JSON line')
    .addHelpText(
      'after',
      `
Exit codes (as for pnpm schema:check):
  0    every recorded answer fits the schema
  1    answers the schema no longer fits (a stale cassette: record it again)
  2    the file cannot be read, or a line is not an exchange (cut short, edited by hand)

Examples:
  $ dinoai cassette check test/cassettes/run.ndjson
  $ dinoai cassette check run.ndjson --schema schema.graphql --json`,
    )
    .action(async (file: string, opts: CassetteCheckFlags, command: Command) => {
      set(await actions.cassetteCheck(file, opts, globals(command)))
    })
}

function addDemoCommand(program: Command, { actions, set }: Wiring): void {
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
}

/** Every command, in the order `dinoai --help` lists them: a new command is one function and one entry. */
const COMMANDS: readonly ((program: Command, wiring: Wiring) => void)[] = [
  addRunCommand,
  addSendCommand,
  addStatusCommand,
  addWatchCommand,
  addStopCommand,
  addChatCommand,
  addMockServerCommand,
  addCassetteCommand,
  addDemoCommand,
  (program, { actions, set }) => addSchemaCommand(program, actions.schema, set),
]
