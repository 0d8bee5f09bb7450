import type {
  DinoAiAgentMessage,
  DinoAiAgentRun,
  DinoAiAgentStartupStep,
  DinoAiAgentStep,
} from '@dinoai/operations'
import { formatClock, formatDuration, shellQuote } from '../format.js'
import { renderMarkdown } from './markdown.js'
import type { Palette } from './palette.js'
import type { Renderer, RendererOptions, TranscriptEvent } from './render.js'
import { startupDone, startupLine, stepLine } from './step-lines.js'

const STATUS_WORDS: Record<string, string> = {
  QUEUED: 'queued, waiting for an agent',
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  EXPIRED: 'expired: the agent never started',
  STOPPED: 'stopped',
}

/** The lines that write to stdout, in the mode's style. */
interface Lines {
  tty: boolean
  c: Palette
  out(line?: string): void
}

/**
 * The live area of a terminal: the spinner's status and elapsed time, and under it the start-up
 * checklist (until the agent is up) and the step the agent is on. Redrawn every second.
 */
function createLiveArea({ spinner, palette: c, now }: RendererOptions) {
  let startedAt = now()
  let status: string | undefined
  let checklist: readonly DinoAiAgentStartupStep[] = []
  let current: string | undefined
  let ticker: ReturnType<typeof setInterval> | undefined
  const draw = () => {
    if (!spinner || !status) return
    const lines = [`${status} ${c.dim(`· ${formatDuration(now() - startedAt)}`)}`]
    if (checklist.length > 0 && !startupDone(checklist)) {
      for (const item of checklist) lines.push(`  ${item.done ? c.green('✔') : c.dim('○')} ${item.label}`)
    }
    if (current) lines.push(`  ${c.dim(current)}`)
    spinner.update(lines.join('\n'))
  }
  return {
    get startedAt() {
      return startedAt
    },
    start(initial: string) {
      startedAt = now()
      status = initial
      if (!spinner) return
      draw()
      ticker = setInterval(draw, 1000)
      ticker.unref?.()
    },
    set(update: { status?: string; checklist?: readonly DinoAiAgentStartupStep[]; current?: string }) {
      if (update.status !== undefined) status = update.status
      if (update.checklist !== undefined) checklist = update.checklist
      if (update.current !== undefined) current = update.current
      draw()
    },
    stop() {
      if (ticker) clearInterval(ticker)
      ticker = undefined
      checklist = []
      current = undefined
      spinner?.stop()
    },
  }
}

function printMessage({ tty, c, out }: Lines, m: DinoAiAgentMessage): void {
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

/** A tool step, kept in the transcript as one line (dim on a terminal). Returns the line, if any. */
function printStep({ tty, c, out }: Lines, step: DinoAiAgentStep): string | undefined {
  const line = stepLine(step)
  if (!line) return undefined
  const text = line.detail ? `${line.name} ${line.detail}` : line.name
  out(tty ? c.dim(`  ⚙ ${text}`) : `step ${step.index}: ${text}`)
  return text
}

const statusColor = (c: Palette, s: string) =>
  s === 'COMPLETED' ? c.green(s) : s === 'RUNNING' || s === 'QUEUED' ? c.cyan(s) : c.red(s)

function printSummary(lines: Lines, run: DinoAiAgentRun, elapsedMs: number, followUpHint: boolean): void {
  const { tty, c, out } = lines
  const elapsed = formatDuration(elapsedMs)
  const id = run.agentSessionId
  if (tty) {
    const mark = run.status === 'COMPLETED' ? c.green('✔') : c.red('✖')
    out(`${mark} ${c.bold(statusColor(c, run.status))} ${c.dim(`· session ${id} · ${elapsed}`)}`)
  } else {
    out(`Run ${id} ${run.status} after ${elapsed}.`)
  }
  if (run.childSessionIds.length > 0) {
    out(`${tty ? c.dim('Sub-agent sessions:') : 'Sub-agent sessions:'} ${run.childSessionIds.join(', ')}`)
  }
  if (!followUpHint) return
  const hint = `dinoai send ${shellQuote(id)} "your follow-up"`
  out(tty ? c.dim(`Follow up: ${hint}`) : `Follow up: ${hint}`)
}

function printSnapshot(lines: Lines, run: DinoAiAgentRun): void {
  const { tty, c, out } = lines
  const id = run.agentSessionId
  if (tty) out(`${c.bold(`Session ${id}`)} ${c.dim('·')} ${statusColor(c, run.status)}`)
  else out(`Session ${id}: ${run.status}`)
  out(`${tty ? c.dim('Workspace:') : 'Workspace:'} ${run.workspaceUid}`)
  if (run.childSessionIds.length > 0) out(`Sub-agent sessions: ${run.childSessionIds.join(', ')}`)
  out()
  for (const m of run.messages) printMessage(lines, m)
}

/** What showEvent draws with. */
interface EventView {
  lines: Lines
  live: ReturnType<typeof createLiveArea>
  hasSpinner: boolean
  note(text: string): void
  now(): number
}

/** One event of a followed run, as people see it: in the transcript, in the live area, or on stderr. */
function showEvent(event: TranscriptEvent, { lines, live, hasSpinner, note, now }: EventView): void {
  const { tty, c } = lines
  switch (event.type) {
    case 'message':
      printMessage(lines, event.message)
      return
    case 'step': {
      const text = printStep(lines, event.step)
      if (text) live.set({ current: text })
      return
    }
    case 'startup':
      // The live area shows a terminal's checklist; without one, a line per change.
      if (hasSpinner) live.set({ checklist: event.startupSteps })
      else lines.out(tty ? c.dim(`· ${startupLine(event.startupSteps)}`) : startupLine(event.startupSteps))
      return
    case 'warning':
      note(`warning: ${event.message}`)
      return
    case 'status': {
      live.set({ status: event.status })
      const words = STATUS_WORDS[event.status] ?? event.status.toLowerCase()
      if (!tty) lines.out(`status: ${event.status} (${formatDuration(now() - live.startedAt)})`)
      else if (!hasSpinner) lines.out(c.dim(`· ${words}`))
    }
  }
}

/**
 * For people: on a terminal (`tty`), Markdown, colour and the live area; in logs (`plain`), lines
 * without control codes, where each status change, checklist change and step is a line of its own.
 */
export function humanRenderer(options: RendererOptions): Renderer {
  const { mode, stdout, stderr, palette: c, spinner, now } = options
  const tty = mode === 'tty'
  const lines: Lines = { tty, c, out: (line = '') => stdout.write(`${line}\n`) }
  const live = createLiveArea(options)
  const note = (text: string) => stderr.write(`${text}\n`)

  return {
    mode,
    palette: c,
    accepted(command, accepted, agent) {
      const what =
        command === 'run'
          ? `Started run ${accepted.agentSessionId}`
          : `Sent follow-up to ${accepted.agentSessionId}`
      const suffix = agent ? ` (agent ${agent})` : ''
      lines.out(tty ? `${c.bold(what)}${c.dim(suffix)}` : `${what}${suffix}`)
    },
    waiting(_agentSessionId, initial) {
      live.start(initial ?? 'waiting')
    },
    event: (event) => showEvent(event, { lines, live, hasSpinner: spinner !== undefined, note, now }),
    final(run) {
      live.stop()
      printSummary(lines, run, now() - live.startedAt, options.followUpHint !== false)
    },
    stopped(result, stopped) {
      const id = result.agentSessionId
      if (stopped)
        lines.out(
          tty
            ? `${c.bold(`Stopped run ${id}`)} ${c.dim(`· ${result.status}`)}`
            : `Stopped run ${id}: ${result.status}.`,
        )
      else lines.out(`Run ${id} had already finished (${result.status}); nothing to stop.`)
    },
    snapshot(run) {
      live.stop()
      printSnapshot(lines, run)
    },
    note,
    close() {
      live.stop()
    },
  }
}
