import type { MockCorsOptions } from '../cors.js'
import { serveOverHttp } from '../server.js'
import { createRecordingHandler, type RecordDinoAiOptions } from './recorder.js'

/** Options of `startDinoAiRecorder`: what to record, plus where to listen. */
export interface DinoAiRecorderServerOptions extends RecordDinoAiOptions {
  /** Default 0: a free port. */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** CORS for a browser page that records through it (as for the mock server). Off by default. */
  cors?: MockCorsOptions
}

/** A recorder behind a real HTTP server: point any client at `url`. */
export interface DinoAiRecorderServer {
  /** e.g. 'http://127.0.0.1:54321/graphql' (every path is forwarded to upstream). */
  readonly url: string
  readonly port: number
  /** Exchanges written to the cassette so far. */
  readonly exchanges: number
  /** Stops listening, waits for the answers in flight, then flushes and closes the cassette. Safe to call twice. */
  close(): Promise<void>
}

/**
 * Starts a recorder on node:http (127.0.0.1 and a free port by default): each request is forwarded
 * to `upstream`, answered with what came back (an upstream reset resets the client's connection
 * too) and appended to the cassette once complete. `dinoai mock-server --record` runs this.
 */
export async function startDinoAiRecorder(
  options: DinoAiRecorderServerOptions,
): Promise<DinoAiRecorderServer> {
  const { port, host, cors, ...recording } = options
  const handler = createRecordingHandler(recording)
  let listening: Awaited<ReturnType<typeof serveOverHttp>>
  try {
    listening = await serveOverHttp(
      { handle: (request) => handler.handle(request), hold: () => () => {} },
      { port, host, cors },
    )
  } catch (error) {
    await handler.close()
    throw error
  }
  let closing: Promise<void> | undefined
  return {
    url: listening.url,
    port: listening.port,
    get exchanges() {
      return handler.exchanges
    },
    close() {
      // The handler first, so that answers in flight are written before the sockets are dropped.
      closing ??= handler.close().then(() => listening.close())
      return closing
    },
  }
}
