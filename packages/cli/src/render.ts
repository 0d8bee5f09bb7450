import type { DinoAiAgentMessage, DinoAiAgentRun } from '@dinoai/operations'
import { formatClock, formatDuration, shellQuote } from './format.js'
import { renderMarkdown } from './markdown.js'
import type { Palette } from './palette.js'
import type { StatusLine } from './spinner.js'

/**
 * Something new in a followed run, as the renderer shows it (and `--json` prints it): a status
 * change or a transcript message.
 */
export type TranscriptEvent =
  | { type: 'status'; agentSessionId: string; status: string }
  | { type: 'message'; agentSessionId: string; message: DinoAiAgentMessage }

/** A stream the CLI writes to: process.stdout, a file, or a test's collector. */
export interface OutputStream {
  write(chunk: string): unknown
  isTTY?: boolean
}

/**
 * How output looks: `tty` for people at a terminal (Markdown, colour if enabled, a spinner),
 * `plain` for logs (lines without control codes), `json` for programs (NDJSON on stdout).
 */
export type OutputMode = 'tty' | 'plain' | 'json'

/** What the commands tell the user; each output mode renders it its own way. */
export interface Renderer {
  readonly mode: OutputMode
  /** The colours this renderer uses, for commands that print around it (the demo). */
  readonly palette: Palette
  /** The API accepted a trigger or a follow-up. */
  accepted(
    command: 'run' | 'send',
    accepted: { agentSessionId: string; status: string },
    agent?: string,
  ): void
  /** Polling starts: the clock for elapsed time starts here. */
  waiting(agentSessionId: string, status?: string): void
  /** A status change or a new message. */
  event(event: TranscriptEvent): void
  /** The run as it ended (or as it is, for `status`). */
  final(run: DinoAiAgentRun): void
  /** A transcript and status at one moment (`dinoai status`). */
  snapshot(run: DinoAiAgentRun): void
  /** Diagnostics and hints: stderr, whatever the mode, so stdout stays parseable. */
  note(text: string): void
  /** Takes the spinner down before the process ends or prints an error. */
  close(): void
}

/** Options of {@link createRenderer}. */
export interface RendererOptions {
  mode: OutputMode
  stdout: OutputStream
  stderr: OutputStream
  palette: Palette
  /** A live status line, for `tty` mode on an interactive stderr. */
  spinner?: StatusLine | undefined
  now: () => number
  /** End a followed run with `Follow up: dinoai send ...`. Default true; the chat's prompt is its follow-up. */
  followUpHint?: boolean
}

/** Creates the renderer for an output mode. */
export function createRenderer(options: RendererOptions): Renderer {
  if (options.mode === 'json') return jsonRenderer(options)
  return humanRenderer(options)
}

function jsonRenderer({ stdout, stderr, palette }: RendererOptions): Renderer {
  const emit = (value: unknown) => stdout.write(`${JSON.stringify(value)}\n`)
  return {
    mode: 'json',
    palette,
    accepted(command, accepted) {
      emit({ type: 'accepted', command, agentSessionId: accepted.agentSessionId, status: accepted.status })
    },
    waiting() {},
    event(event) {
      emit(event)
    },
    final(run) {
      emit({ type: 'run', run })
    },
    snapshot(run) {
      emit({ type: 'run', run })
    },
    note(text) {
      stderr.write(`${text}\n`)
    },
    close() {},
  }
}

const STATUS_WORDS: Record<string, string> = {
  QUEUED: 'queued, waiting for an agent',
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  EXPIRED: 'expired: the agent never started',
  STOPPED: 'stopped',
}

function humanRenderer(options: RendererOptions): Renderer {
  const { mode, stdout, stderr, palette: c, spinner, now } = options
  const tty = mode === 'tty'
  let startedAt = now()
  let status: string | undefined
  let ticker: ReturnType<typeof setInterval> | undefined
  const out = (line = '') => stdout.write(`${line}\n`)

  const statusColor = (s: string) =>
    s === 'COMPLETED' ? c.green(s) : s === 'RUNNING' || s === 'QUEUED' ? c.cyan(s) : c.red(s)
  const spin = () => {
    if (spinner && status) spinner.update(`${status} ${c.dim(`· ${formatDuration(now() - startedAt)}`)}`)
  }
  const stopSpinner = () => {
    if (ticker) clearInterval(ticker)
    ticker = undefined
    spinner?.stop()
  }

  const message = (m: DinoAiAgentMessage) => {
    if (tty) {
      const who = m.role === 'user' ? c.bold(c.blue('you')) : c.bold(c.magenta(m.role))
      out(`${who} ${c.dim(formatClock(m.ts))}`)
      out(renderMarkdown(m.content, { palette: c, indent: '  ' }))
      out()
    } else {
      out(`${m.role === 'user' ? 'you' : m.role}:`)
      for (const line of m.content.trimEnd().split('\n')) out(line ? `  ${line}` : '')
    }
  }

  const summary = (run: DinoAiAgentRun) => {
    const elapsed = formatDuration(now() - startedAt)
    const id = run.agentSessionId
    if (tty) {
      const mark = run.status === 'COMPLETED' ? c.green('✔') : c.red('✖')
      out(`${mark} ${c.bold(statusColor(run.status))} ${c.dim(`· session ${id} · ${elapsed}`)}`)
    } else {
      out(`Run ${id} ${run.status} after ${elapsed}.`)
    }
    if (run.childSessionIds.length > 0) {
      out(`${tty ? c.dim('Sub-agent sessions:') : 'Sub-agent sessions:'} ${run.childSessionIds.join(', ')}`)
    }
    if (options.followUpHint === false) return
    const hint = `dinoai send ${shellQuote(id)} "your follow-up"`
    out(tty ? c.dim(`Follow up: ${hint}`) : `Follow up: ${hint}`)
  }

  return {
    mode,
    palette: c,
    accepted(command, accepted, agent) {
      const what =
        command === 'run'
          ? `Started run ${accepted.agentSessionId}`
          : `Sent follow-up to ${accepted.agentSessionId}`
      const suffix = agent ? ` (agent ${agent})` : ''
      out(tty ? `${c.bold(what)}${c.dim(suffix)}` : `${what}${suffix}`)
    },
    waiting(_agentSessionId, initial) {
      startedAt = now()
      status = initial ?? 'waiting'
      if (spinner) {
        spin()
        ticker = setInterval(spin, 1000)
        ticker.unref?.()
      }
    },
    event(event) {
      if (event.type === 'message') {
        message(event.message)
        return
      }
      status = event.status
      const words = STATUS_WORDS[event.status] ?? event.status.toLowerCase()
      if (tty) {
        if (spinner) spin()
        else out(c.dim(`· ${words}`))
      } else {
        out(`status: ${event.status} (${formatDuration(now() - startedAt)})`)
      }
    },
    final(run) {
      stopSpinner()
      summary(run)
    },
    snapshot(run) {
      stopSpinner()
      const id = run.agentSessionId
      if (tty) out(`${c.bold(`Session ${id}`)} ${c.dim('·')} ${statusColor(run.status)}`)
      else out(`Session ${id}: ${run.status}`)
      out(`${tty ? c.dim('Workspace:') : 'Workspace:'} ${run.workspaceUid}`)
      if (run.childSessionIds.length > 0) out(`Sub-agent sessions: ${run.childSessionIds.join(', ')}`)
      out()
      for (const m of run.messages) message(m)
    },
    note(text) {
      stderr.write(`${text}\n`)
    },
    close() {
      stopSpinner()
    },
  }
}
