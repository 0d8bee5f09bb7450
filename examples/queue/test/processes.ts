// Worker processes as they run in production: the built `dinoai-queue worker` command, spawned
// with node, each printing one JSON line per job event. turbo builds dist before the tests.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { AgentRunWorkerEvent } from '../src/index.js'

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const source = fileURLToPath(new URL('../src/process.ts', import.meta.url))

/** Fails clearly when the command was not built (or is older than its sources). */
export function assertBuilt(): void {
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(source).mtimeMs) {
    throw new Error(
      `${bin} is missing or stale: run \`pnpm --filter @dinoai/example-queue build\` (pnpm test does).`,
    )
  }
}

/** A line a worker printed: a job event, or `ready` / `closed`. */
export type WorkerLine = AgentRunWorkerEvent | { type: 'ready' | 'closed'; worker: string; pid: number }

/** One spawned worker process. */
export interface WorkerProcess {
  readonly name: string
  readonly child: ChildProcess
  readonly lines: WorkerLine[]
  readonly ready: Promise<void>
  readonly exited: Promise<void>
  /** Ids of jobs it started and did not finish (completed, failed) before it died. */
  held(): Set<string>
}

/** Spawns `dinoai-queue worker` with `args`; `onLine` sees every line (synchronously, in order). */
export function spawnWorker(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  onLine: (worker: WorkerProcess, line: WorkerLine) => void,
): WorkerProcess {
  const child = spawn(process.execPath, [bin, 'worker', '--name', name, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: WorkerLine[] = []
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  let markReady: () => void = () => {}
  let failReady: (error: Error) => void = () => {}
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve
    failReady = reject
  })
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      failReady(new Error(`worker ${name} exited (${code ?? signal}) before it was ready:\n${stderr}`))
      resolve()
    })
  })
  const worker: WorkerProcess = {
    name,
    child,
    lines,
    ready,
    exited,
    held() {
      const open = new Set<string>()
      for (const line of lines) {
        if (line.type === 'started') open.add(line.jobId)
        if (line.type === 'completed' || line.type === 'failed') open.delete(line.jobId)
      }
      return open
    },
  }
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    let line: WorkerLine
    try {
      line = JSON.parse(text)
    } catch {
      return
    }
    lines.push(line)
    if (line.type === 'ready') markReady()
    onLine(worker, line)
  })
  return worker
}

/** Stops a worker: SIGTERM (it hands its jobs back), then SIGKILL if it lingers. */
export async function stopWorker(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return
  worker.child.kill('SIGTERM')
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), 10_000)
  await worker.exited
  clearTimeout(timer)
}
