/** A static file server on loopback for the test pages: the files live in memory. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A served file: its body and content type. */
export interface StaticFile {
  body: string | Uint8Array
  type: string
}

/** A running static server: its origin (e.g. 'http://127.0.0.1:43210') and how to stop it. */
export interface StaticServer {
  readonly origin: string
  close(): Promise<void>
}

/** Serves `files` (path → file) on 127.0.0.1 and a free port; any other path is a 404. */
export async function serveStatic(files: ReadonlyMap<string, StaticFile>): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const file = files.get(path)
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no such file: ${path}`)
      return
    }
    // The MSW worker script must be allowed to control the whole origin, as served from the root.
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
