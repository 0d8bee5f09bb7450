import yoctoSpinner from 'yocto-spinner'

/** A live status line: only on an interactive terminal, never in logs. */
export interface StatusLine {
  /** Shows or updates the line. */
  update(text: string): void
  /** Removes the line, so that what follows starts on a clean line. */
  stop(): void
}

/** Where the spinner draws: a terminal stream (it moves the cursor, so it must be one). */
export type SpinnerStream = NodeJS.WritableStream & { isTTY?: boolean }

/**
 * A yocto-spinner status line on `stream`. Its own SIGINT handling is off: the CLI handles Ctrl-C
 * itself, to tell the user how to resume the run it leaves going on the server.
 */
export function createSpinner(stream: SpinnerStream): StatusLine {
  const spinner = yoctoSpinner({ stream: stream as never, handleSignals: false })
  return {
    update(text) {
      if (spinner.isSpinning) spinner.text = text
      else spinner.start(text)
    },
    stop() {
      spinner.stop()
    },
  }
}
