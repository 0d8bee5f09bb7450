// Runs a command for the consumer smoke and captures its output, so a check prints one line when it
// passes and the command's own words when it fails.
import { spawn } from 'node:child_process'
import { delimiter } from 'node:path'

/**
 * The environment of a consumer: ours minus what `pnpm run` adds (npm_*, pnpm_*, NODE), which npm
 * would read as its own configuration, plus `binDir` first on PATH so `node`, and every `#!/usr/bin/env
 * node` script such as npm and the dinoai bin, runs on the Node under test.
 */
export function consumerEnv(binDir, extra = {}) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key) || key === 'NODE' || key === 'INIT_CWD') continue
    env[key] = value
  }
  if (binDir) env.PATH = `${binDir}${delimiter}${env.PATH ?? ''}`
  // Plain output, so that checks can match it and failures print readably.
  delete env.FORCE_COLOR
  return { ...env, NO_COLOR: '1', ...extra }
}

/**
 * Runs `command args` in `cwd` and resolves with its exit code, output and duration; never rejects
 * on a non-zero exit. A command still running after `timeoutMs` is killed and reported as timed out,
 * so a hang fails the smoke instead of stalling CI.
 */
export function run(command, args, { cwd, env = process.env, timeoutMs = 180_000 } = {}) {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    const finish = (code, spawnError) => {
      clearTimeout(timer)
      const ms = performance.now() - started
      if (spawnError) output += `\n${spawnError.message}`
      if (timedOut) output += `\n(killed after ${timeoutMs / 1000} s without finishing)`
      resolve({ code: timedOut ? 'timeout' : code, ok: !timedOut && code === 0, stdout, output, ms })
    }
    child.on('error', (error) => finish(-1, error))
    child.on('close', (code) => finish(code))
  })
}
