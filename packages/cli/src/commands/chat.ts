import { Writable } from 'node:stream'
import { type ChatStart, interactiveChat, pipedChat } from '../chat/session.js'
import { nonEmpty } from '../config.js'
import type { ExitCode } from '../exit-codes.js'
import { CliUsageError } from '../failure.js'
import type { CommandContext } from '../follow.js'
import type { OutputStream } from '../output/render.js'
import type { CliInput } from '../stdin.js'

/** Options of `dinoai chat`. */
export interface ChatCommandOptions {
  agent?: string | undefined
  session?: string | undefined
  modelFamily?: string | undefined
  /** `false` for `--no-history`. */
  history: boolean
  json: boolean
}

/** What the chat needs beyond a command context: the raw streams, the history file and the secrets. */
export interface ChatIo {
  stdin: CliInput | undefined
  stdout: OutputStream
  /** Where the history goes (`historyPath(env)`). */
  historyFile: string
  secrets: readonly string[]
}

/**
 * Checks the flags before anything is sent: `--agent` and `--model-family` start a new session,
 * `--session` resumes one, so they do not go together.
 */
export function chatStart(options: ChatCommandOptions): ChatStart {
  const agent = nonEmpty(options.agent)
  const session = nonEmpty(options.session)
  const modelFamily = nonEmpty(options.modelFamily)
  if (session && (agent || modelFamily)) {
    throw new CliUsageError(
      `--session resumes a session with its own agent and model: drop ${agent ? '--agent' : '--model-family'}, or drop --session to start a new one.`,
    )
  }
  if (options.modelFamily !== undefined && !modelFamily) {
    throw new CliUsageError('--model-family needs a name, e.g. --model-family claude.')
  }
  return { agent, session, modelFamily }
}

/**
 * `dinoai chat`: interactive in a terminal; with a message piped on stdin, one turn and the run's
 * exit code.
 */
export async function chatCommand(
  options: ChatCommandOptions,
  ctx: CommandContext,
  io: ChatIo,
): Promise<ExitCode> {
  const start = chatStart(options)
  const input = io.stdin
  if (input?.isTTY !== true || !isNodeReadable(input)) return pipedChat(start, ctx)
  if (options.json) {
    throw new CliUsageError(
      '--json is for a message piped on stdin (echo "..." | dinoai chat --json); an interactive chat is for people.',
    )
  }
  return interactiveChat(start, ctx, {
    input,
    output: asWritable(io.stdout),
    terminal: true,
    historyFile: options.history ? io.historyFile : undefined,
    secrets: io.secrets,
  })
}

function isNodeReadable(input: CliInput): input is CliInput & NodeJS.ReadableStream {
  return (
    'on' in input && typeof input.on === 'function' && 'resume' in input && typeof input.resume === 'function'
  )
}

/** readline needs a Node stream; an embedder's `{ write }` collector gets a thin one around it. */
function asWritable(out: OutputStream): NodeJS.WritableStream {
  if (isNodeWritable(out)) return out
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      out.write(chunk.toString())
      done()
    },
  })
}

function isNodeWritable(out: OutputStream): out is OutputStream & NodeJS.WritableStream {
  return 'on' in out && typeof out.on === 'function' && 'once' in out
}
