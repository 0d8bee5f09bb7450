// Runs the built `dinoai` (dist/bin.js) as a real process, the way users and CI jobs run it.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))

export function assertBuilt(): void {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: run \`pnpm build\` in packages/cli (its test task depends on it).`)
  }
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>
  /** Written to stdin, which is then closed. Without it stdin is /dev/null. */
  input?: string
}

/** A minimal environment: nothing from the test process leaks in (no PARADIME_*, CI or colour settings) but TMPDIR. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
  }
  // The test run's own temporary folder, so that what a CLI process leaves there is caught too.
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v
  return env
}

export function startCli(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  assertBuilt()
  const child = spawn(process.execPath, [BIN, ...args], {
    env: baseEnv(options.env),
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  })
  if (options.input !== undefined) child.stdin?.end(options.input)
  return child
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

export function runCliProcess(args: readonly string[], options: SpawnOptions = {}): Promise<CliResult> {
  return collect(startCli(args, options))
}

/** Resolves once the child's stdout contains `pattern` (and returns stdout so far). */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString()
      if (pattern.test(seen)) {
        child.stdout?.off('data', onData)
        resolve(seen)
      }
    }
    child.stdout?.on('data', onData)
    child.on('close', () => reject(new Error(`process ended before printing ${pattern}; stdout: ${seen}`)))
  })
}

/** Parses NDJSON stdout, failing on any line that is not JSON. */
export function ndjson(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

// ESC, for asserting that output has (or has not) control codes.
export const ESC = '\u001b'
