import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { MAX_REQUEST_BYTES } from '@dinoai/operations'
import { type CorsPolicy, corsPolicy, type MockCorsOptions } from './cors.js'
import { tooLarge } from './handler.js'
import {
  createMockDinoAi,
  type MockDinoAi,
  type MockDinoAiControls,
  type MockDinoAiOptions,
  type MockInternals,
  mockInternals,
  type Replaying,
  registerInternals,
} from './mock.js'
import type { ReplayOptions } from './replay/replayer.js'

/** Options of `startMockDinoAiServer`: the mock's options plus where to listen. */
export interface MockDinoAiServerOptions extends MockDinoAiOptions {
  /** Default 0: a free port. */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** Serve this existing mock (its state and controls) instead of creating one from the options. */
  mock?: MockDinoAi
  /** Answer CORS preflights and add CORS headers for these origins (a browser test). Off by default. */
  cors?: MockCorsOptions
}

/** The mock behind a real HTTP server: any HTTP client in any language can use `url`. */
export interface MockDinoAiServer extends MockDinoAiControls {
  /** e.g. 'http://127.0.0.1:54321/graphql' (every path is served). */
  readonly url: string
  readonly port: number
  /** Stops listening and drops open connections. Safe to call twice. */
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_REQUEST_BYTES) {
        resolve(undefined)
        req.removeAllListeners('data')
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string)
    } catch {
      // A header Headers refuses (odd characters) is one the mock would ignore anyway.
    }
  }
  return headers
}

type Serve = (req: IncomingMessage, res: ServerResponse) => Promise<void>

/** Serves one HTTP request from the mock: CORS preflights here, everything else through the handler. */
function requestServer(internals: MockInternals, cors: CorsPolicy, fallbackHost: string): Serve {
  const { handle, hold } = internals
  return async (req, res) => {
    const origin = req.headers.origin
    // A browser's preflight is not an API request: answered here, not recorded.
    const preflight = cors.preflight(
      req.method ?? 'GET',
      origin,
      req.headers['access-control-request-method'],
    )
    if (preflight) {
      res.writeHead(204, preflight)
      res.end()
      return
    }
    const controller = new AbortController()
    // Virtual time stands still while the body arrives and while the response goes out; in
    // between, the handler holds it (and lets it move while a slow fault waits on the clock).
    let release = hold()
    res.on('close', () => {
      release()
      if (!res.writableFinished) controller.abort()
    })
    const body = await readBody(req)
    const answering = handle({
      method: req.method ?? 'GET',
      url: `http://${req.headers.host ?? fallbackHost}${req.url ?? '/'}`,
      headers: headersOf(req),
      text: async () => {
        if (body === undefined) throw tooLarge()
        return body
      },
      signal: controller.signal,
    })
    release()
    const outcome = await answering.finally(() => {
      if (!res.destroyed) release = hold()
    })
    if (outcome.kind === 'network') {
      req.socket.destroy()
      return
    }
    res.writeHead(outcome.status, { ...outcome.headers, ...cors.headers(origin) })
    res.end(outcome.body)
  }
}

/** An HTTP server that never crashes on a request and tracks its sockets, so close() can end them. */
function httpServer(serve: Serve): { server: Server; sockets: Set<Socket> } {
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      // An aborted slow request or an unexpected error: answer if still possible, never crash.
      if (res.destroyed) return
      if (res.headersSent) res.destroy()
      else {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
        res.end(
          JSON.stringify({
            errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          }),
        )
      }
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return { server, sockets }
}

async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return server.address() as AddressInfo
}

/** A listening server: where it is, and how to stop it. */
export interface Listening {
  readonly url: string
  readonly port: number
  /** Stops listening and drops open connections. Safe to call twice. */
  close(): Promise<void>
}

/** Serves every request with `internals` (a mock's handler, or a recorder's) on node:http. */
export async function serveOverHttp(
  internals: MockInternals,
  {
    port = 0,
    host = '127.0.0.1',
    cors: corsOptions,
  }: { port?: number | undefined; host?: string | undefined; cors?: MockCorsOptions | undefined },
): Promise<Listening> {
  const cors = corsPolicy(corsOptions)
  const { server, sockets } = httpServer(requestServer(internals, cors, `${host}:${port}`))
  const address = await listen(server, port, host)
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    url: `http://${urlHost}:${address.port}/graphql`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
      return closing
    },
  }
}

/**
 * Starts the mock behind a node:http server on 127.0.0.1 and a free port (by default). Bad input
 * never crashes it; `close()` also ends keep-alive connections so tests exit promptly. With
 * `replay` (or a replaying `mock`), it answers from the cassette and has `server.replay`.
 */
export async function startMockDinoAiServer(
  options: MockDinoAiServerOptions & ({ replay: string | ReplayOptions } | { mock: MockDinoAi & Replaying }),
): Promise<MockDinoAiServer & Replaying>
export async function startMockDinoAiServer(options?: MockDinoAiServerOptions): Promise<MockDinoAiServer>
export async function startMockDinoAiServer(
  options: MockDinoAiServerOptions = {},
): Promise<MockDinoAiServer | (MockDinoAiServer & Replaying)> {
  const { port, host, mock: given, cors, ...mockOptions } = options
  const mock = given ?? createMockDinoAi(mockOptions)
  const internals = mockInternals(mock)
  const listening = await serveOverHttp(internals, { port, host, cors })

  const controls: MockDinoAiServer = {
    url: listening.url,
    port: listening.port,
    close: () => listening.close(),
    script: (matcher, steps) => mock.script(matcher, steps),
    failNext: (n, fault, operationName) => mock.failNext(n, fault, operationName),
    advance: (sessionId, steps) => mock.advance(sessionId, steps),
    get requests() {
      return mock.requests
    },
    get runs() {
      return mock.runs
    },
    reset: () => mock.reset(),
    clock: mock.clock,
  }
  registerInternals(controls, internals)
  return 'replay' in mock ? Object.assign(controls, { replay: mock.replay }) : controls
}
