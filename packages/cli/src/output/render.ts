import type {
  DinoAiAgentMessage,
  DinoAiAgentRun,
  DinoAiAgentStartupStep,
  DinoAiAgentStep,
} from '@dinoai/operations'
import type { Palette } from './palette.js'
import type { StatusLine } from './spinner.js'

// The renderer's contract only: the two renderers implement it and renderers.ts picks one, so that
// neither renderer imports the module that imports it.

/**
 * Something new in a followed run, as the renderer shows it (and `--json` prints it): a status
 * change or a transcript message; with `--steps`, a step and the start-up checklist; and a
 * warning (an unknown model family replaced, steps the backend could not read).
 */
export type TranscriptEvent =
  | { type: 'status'; agentSessionId: string; status: string }
  | { type: 'message'; agentSessionId: string; message: DinoAiAgentMessage }
  | { type: 'step'; agentSessionId: string; step: DinoAiAgentStep }
  | { type: 'startup'; agentSessionId: string; startupSteps: DinoAiAgentStartupStep[] }
  | { type: 'warning'; agentSessionId: string; code: string; message: string }

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
  /** What `dinoai stop` got: the run's status after the stop, and whether it was stopped by it (or before). */
  stopped(result: { agentSessionId: string; status: string }, stopped: boolean): void
  /** A transcript and status at one moment (`dinoai status`). */
  snapshot(run: DinoAiAgentRun): void
  /** Diagnostics and hints: stderr, whatever the mode, so stdout stays parseable. */
  note(text: string): void
  /** Takes the spinner down before the process ends or prints an error. */
  close(): void
}

/** Options of a renderer (see `createRenderer` in renderers.ts). */
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
