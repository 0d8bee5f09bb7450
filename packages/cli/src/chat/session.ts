import { EXIT_CODES, type ExitCode, exitCodeForStatus } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import type { CommandContext } from '../follow.js'
import { type HistoryStore, openHistory } from './history.js'
import { type ChatPrompt, createChatPrompt } from './prompt.js'
import { createRepeatFilter, printBanner, replayTranscript } from './render.js'
import { type ChatState, followResumed, runTurn } from './turn.js'

/** How a chat starts. */
export interface ChatStart {
  agent: string | undefined
  session: string | undefined
  modelFamily: string | undefined
}

/** The terminal an interactive chat talks through. */
export interface ChatTerminal {
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  /** Raw key handling (Ctrl-C, Ctrl-D, arrows): true on a real terminal. */
  terminal: boolean
  /** The history file, or undefined for none (`--no-history`). */
  historyFile: string | undefined
  /** The configured credentials: never written to the history. */
  secrets: readonly string[]
}

function initialState(start: ChatStart): ChatState {
  return {
    sessionId: start.session,
    agent: start.agent,
    modelFamily: start.modelFamily,
    filter: createRepeatFilter(),
  }
}

/**
 * A message piped on stdin, sent once: a new run (or a follow-up with `--session`) followed to its
 * end, exiting with the run's code, as `dinoai run`/`dinoai send` would. Nothing is replayed: in a
 * pipe, only the new turn is printed.
 */
export async function pipedChat(start: ChatStart, ctx: CommandContext): Promise<ExitCode> {
  const text = (await ctx.readStdin())?.trim()
  if (!text) {
    throw new CliUsageError(
      'Nothing to send: dinoai chat reads one message from a pipe (echo "Check stg_orders" | dinoai chat), or runs interactively in a terminal.',
    )
  }
  return runTurn(initialState(start), text, ctx)
}

/**
 * The interactive chat: a banner, the replayed transcript of `--session` (followed to its end if
 * it is still going), then a prompt until the user leaves. Leaving at the prompt exits 0; a turn
 * that does not settle (Ctrl-C 130, --timeout 3) ends the chat with its code and a resume hint.
 */
export async function interactiveChat(
  start: ChatStart,
  ctx: CommandContext,
  term: ChatTerminal,
): Promise<ExitCode> {
  const state = initialState(start)
  const out = (line: string) => term.output.write(`${line}\n`)
  let history: HistoryStore | undefined
  if (term.historyFile) {
    history = openHistory({ path: term.historyFile, secrets: term.secrets, onError: ctx.renderer.note })
  }
  const prompt = createChatPrompt({
    input: term.input,
    output: term.output,
    terminal: term.terminal,
    prompt: `${ctx.renderer.palette.bold(ctx.renderer.palette.cyan('>'))} `,
    history: history?.entries ?? [],
    ...(history ? { onHistory: (lines: readonly string[]) => history.save(lines) } : {}),
  })
  // SIGTERM (or an embedder's abort) at the prompt ends the chat like Ctrl-D.
  const onAbort = () => prompt.close()
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  try {
    printBanner(ctx.renderer, out, { agent: start.agent, session: start.session })
    if (state.sessionId !== undefined) {
      const resumed = await resume({ ...state, sessionId: state.sessionId }, ctx, prompt, out)
      if (resumed !== EXIT_CODES.ok && resumed !== EXIT_CODES.runFailed) return resumed
    }
    return await promptLoop(state, ctx, prompt)
  } finally {
    ctx.signal.removeEventListener('abort', onAbort)
    prompt.close()
  }
}

async function resume(
  state: ChatState & { sessionId: string },
  ctx: CommandContext,
  prompt: ChatPrompt,
  out: (line: string) => void,
): Promise<ExitCode> {
  const run = await ctx.client.getRun(state.sessionId, { signal: ctx.signal })
  const shown = replayTranscript(ctx.renderer, out, run, state.filter)
  if (exitCodeForStatus(run.status) !== EXIT_CODES.timeout) return exitCodeForStatus(run.status)
  // Still going: wait for it before prompting, as a turn would.
  return interruptible(prompt, ctx, (turnCtx) => followResumed(state, shown, turnCtx))
}

async function promptLoop(state: ChatState, ctx: CommandContext, prompt: ChatPrompt): Promise<ExitCode> {
  for (;;) {
    const answer = await prompt.read()
    if (answer.kind === 'exit') return ctx.signal.aborted ? EXIT_CODES.interrupted : EXIT_CODES.ok
    const text = answer.text.trim()
    if (text === '') continue
    const code = await interruptible(prompt, ctx, (turnCtx) => runTurn(state, text, turnCtx))
    // A turn that settled (COMPLETED, or FAILED and the like) leaves the session open for more.
    if (code !== EXIT_CODES.ok && code !== EXIT_CODES.runFailed) return code
  }
}

/** Runs a turn whose wait Ctrl-C at the prompt (or the process signal) stops. */
async function interruptible(
  prompt: ChatPrompt,
  ctx: CommandContext,
  turn: (turnCtx: CommandContext) => Promise<ExitCode>,
): Promise<ExitCode> {
  const stop = new AbortController()
  const release = prompt.busy(() => stop.abort(new Error('Interrupted with Ctrl-C')))
  try {
    return await turn({ ...ctx, signal: AbortSignal.any([ctx.signal, stop.signal]) })
  } finally {
    release()
  }
}
