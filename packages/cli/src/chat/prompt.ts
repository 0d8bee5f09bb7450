import { createInterface } from 'node:readline'
import { HISTORY_LIMIT } from './history.js'

/** What the user did at the prompt: typed a line, or ended the session (Ctrl-D, Ctrl-C on an empty line, end of input). */
export type PromptAnswer = { kind: 'line'; text: string } | { kind: 'exit' }

/** The chat's input line, on node:readline. */
export interface ChatPrompt {
  /** Shows the prompt and resolves with the next line, or `exit`. */
  read(): Promise<PromptAnswer>
  /**
   * While a turn runs, Ctrl-C calls `onInterrupt` instead of ending the session. Returns the
   * function that ends this state.
   */
  busy(onInterrupt: () => void): () => void
  close(): void
}

/** Options of {@link createChatPrompt}. */
export interface ChatPromptOptions {
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  /** Whether input and output are a terminal: raw key handling (Ctrl-C, arrows, history). */
  terminal: boolean
  prompt: string
  /** Lines from earlier sessions, newest first. */
  history: readonly string[]
  /** Called with the whole history (newest first) whenever a line is added. */
  onHistory?: (newestFirst: readonly string[]) => void
}

/**
 * A readline prompt with shell-like keys: Ctrl-C clears a typed line and ends the session on an
 * empty one, Ctrl-D on an empty line ends it, Up/Down walk the history. Lines typed while a turn
 * runs are kept and answered in order, as a shell keeps type-ahead.
 */
export function createChatPrompt(options: ChatPromptOptions): ChatPrompt {
  const rl = createInterface({
    input: options.input,
    output: options.output,
    terminal: options.terminal,
    prompt: options.prompt,
    history: [...options.history],
    historySize: HISTORY_LIMIT,
    removeHistoryDuplicates: true,
  })
  const typedAhead: string[] = []
  let waiting: ((answer: PromptAnswer) => void) | undefined
  let onInterrupt: (() => void) | undefined
  let closed = false

  const answer = (value: PromptAnswer) => {
    const resolve = waiting
    waiting = undefined
    resolve?.(value)
  }
  rl.on('line', (text) => {
    if (waiting) answer({ kind: 'line', text })
    else typedAhead.push(text)
  })
  rl.on('history', (history: string[]) => options.onHistory?.(history))
  rl.on('close', () => {
    closed = true
    answer({ kind: 'exit' })
  })
  rl.on('SIGINT', () => {
    if (!waiting) {
      onInterrupt?.()
      return
    }
    if (rl.line === '') {
      options.output.write('\n')
      answer({ kind: 'exit' })
      return
    }
    // As a shell does: drop the typed line and start a fresh one.
    rl.write(null, { ctrl: true, name: 'e' })
    rl.write(null, { ctrl: true, name: 'u' })
    options.output.write('^C\n')
    rl.prompt()
  })

  return {
    read() {
      const next = typedAhead.shift()
      if (next !== undefined) return Promise.resolve({ kind: 'line', text: next })
      if (closed) return Promise.resolve({ kind: 'exit' })
      return new Promise((resolve) => {
        waiting = resolve
        rl.prompt()
      })
    },
    busy(handler) {
      onInterrupt = handler
      return () => {
        if (onInterrupt === handler) onInterrupt = undefined
      }
    },
    close() {
      rl.close()
    },
  }
}
