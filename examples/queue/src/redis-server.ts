/**
 * A throwaway Redis for tests, benches and a first try: Debian's `redis-server`, started on a free
 * loopback port with a data directory of its own and every write fsynced to its append-only file,
 * so a restart (even after SIGKILL) loses nothing that was acknowledged.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

/** redis-server is not installed (or not where `REDIS_SERVER` says); the message says how to get it. */
export class RedisServerMissingError extends Error {
  override name = 'RedisServerMissingError'
}

/** A running redis-server of our own. */
export interface RedisServer {
  readonly host: '127.0.0.1'
  readonly port: number
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  /** Its data directory (removed by `stop`). */
  readonly dir: string
  /** Kills it (SIGKILL: no shutdown save, like a crash) and starts it again on the same port and data. */
  restart(): Promise<void>
  /** Stops it and removes its data directory. */
  stop(): Promise<void>
}

const INSTALL =
  'Install it with `apt-get install -y redis-server` (as root; the test command in the root README runs `bash scripts/install-redis.sh` for it), or set REDIS_SERVER to its path.'

/** The redis-server executable: `REDIS_SERVER`, else the first on PATH. */
function findRedisServer(): string {
  const given = process.env.REDIS_SERVER
  const candidates = given
    ? [given]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server'))
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  throw new RedisServerMissingError(
    given
      ? `REDIS_SERVER is ${given}, which is not an executable. ${INSTALL}`
      : `redis-server is not on PATH. ${INSTALL}`,
  )
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Starts redis-server and resolves once it accepts connections. */
function launch(binary: string, port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes']
  args.push('--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction', '--logfile', '')
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData)
        child.stdout?.resume()
        resolve(child)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      reject(
        new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${output.slice(-2000)}`),
      )
    })
  })
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Starts a redis-server on a free 127.0.0.1 port with a fresh data directory in the system's
 * temporary folder. Throws `RedisServerMissingError` when redis-server is not installed.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer()
  const dir = mkdtempSync(join(tmpdir(), 'dinoai-redis-'))
  let port = 0
  let child: ChildProcess | undefined
  // A port found free can be taken before redis-server binds it: try another.
  for (let attempt = 1; !child; attempt++) {
    port = await freePort()
    try {
      child = await launch(binary, port, dir)
    } catch (error) {
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true })
        throw error
      }
    }
  }
  let current: ChildProcess = child
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async restart() {
      current.kill('SIGKILL')
      await exited(current)
      current = await launch(binary, port, dir)
    },
    async stop() {
      current.kill('SIGTERM')
      await exited(current)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
