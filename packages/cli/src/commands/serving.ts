import { CliUsageError } from '../failure.js'

/** Why a local server could not listen, as a usage error with the fix; other errors as they are. */
export function listenFailure(error: unknown, where: { port: number; host: string }): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'EADDRINUSE') {
    return new CliUsageError(`Port ${where.port} is in use: pick another with --port N (0 picks a free one).`)
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new CliUsageError(`Cannot listen on ${where.host}: use a local address such as 127.0.0.1.`)
  }
  return error
}

/** Resolves when the signal aborts (Ctrl-C, SIGTERM): how the local servers know to stop. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}
