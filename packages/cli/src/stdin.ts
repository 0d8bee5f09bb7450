/** A readable the CLI may take a message from (process.stdin, or a stream in tests). */
export type CliInput = AsyncIterable<string | Uint8Array> & { isTTY?: boolean }

/** How long a silent pipe is read before the CLI says what it is waiting for. */
const SILENT_PIPE_HINT_MS = 2000

/**
 * The whole message piped on stdin, or undefined when stdin is a terminal (or absent). A pipe
 * nobody closes would wait forever without a word, so after a while `hint` says what the CLI waits for.
 */
export async function readPipedMessage(
  stdin: CliInput | undefined,
  hint: (line: string) => void,
): Promise<string | undefined> {
  if (!stdin || stdin.isTTY) return undefined
  const timer = setTimeout(
    () => hint('Reading the message from stdin (close it, or pass --message TEXT or </dev/null)...'),
    SILENT_PIPE_HINT_MS,
  )
  timer.unref?.()
  try {
    const chunks: string[] = []
    const decoder = new TextDecoder()
    for await (const chunk of stdin) {
      chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
    }
    chunks.push(decoder.decode())
    return chunks.join('')
  } finally {
    clearTimeout(timer)
  }
}
