// The Node runtimes the consumer smoke runs on: the registry's node-<platform>-<arch> packages (a
// real bin/node), installed once into a cache folder and reused. Never installed globally: the
// machine's own node stays what it is.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { consumerEnv, run } from './exec.mjs'

/** Where runtimes and npm's downloads are kept between runs: $DINOAI_SMOKE_CACHE, or ~/.cache/dinoai-sdk. */
export function smokeCacheDir() {
  if (process.env.DINOAI_SMOKE_CACHE) return process.env.DINOAI_SMOKE_CACHE
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dinoai-sdk')
}

function runtimePackage() {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(
      `The consumer smoke installs Node from node-<os>-<arch> packages, for Linux and macOS only; this is ${process.platform}.`,
    )
  }
  return `node-${process.platform}-${process.arch}`
}

/**
 * Makes Node `spec` ('22' for the newest 22.x at first install, or an exact '22.15.0') available
 * and returns its bin folder and exact version. The first install resolves the version; later runs
 * reuse it (delete the folder to pick up a newer release). An install goes to a staging folder and
 * is renamed into place, so an interrupted one is never taken for a cached runtime.
 */
export async function ensureNode(spec, cacheDir) {
  const pkg = runtimePackage()
  const dir = join(cacheDir, `node-${spec}`)
  const binDir = join(dir, 'node_modules', pkg, 'bin')
  const cached = existsSync(join(binDir, 'node'))
  if (!cached) await install(`${pkg}@${spec}`, dir)
  const probe = await run(join(binDir, 'node'), ['--version'], { timeoutMs: 30_000 })
  const version = probe.stdout.trim().replace(/^v/, '')
  if (!probe.ok || !(version === spec || version.startsWith(`${spec}.`))) {
    throw new Error(
      `${join(binDir, 'node')} is not a working Node ${spec} (it said ${JSON.stringify(probe.output.trim())}). Delete ${dir} and run again.`,
    )
  }
  return { spec, binDir, version, cached }
}

async function install(packageSpec, dir) {
  const staging = `${dir}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  // A throwaway npm cache: the unpacked runtime is what gets kept, not a second copy of its tarball.
  const npmCache = join(staging, '.npm-cache')
  const args = ['install', '--prefix', staging, `--cache=${npmCache}`, '--no-audit', '--no-fund']
  const result = await run('npm', [...args, '--loglevel=error', packageSpec], {
    env: consumerEnv(),
    timeoutMs: 300_000,
  })
  if (!result.ok) {
    rmSync(staging, { recursive: true, force: true })
    throw new Error(`npm could not install ${packageSpec} into ${staging}:\n${result.output.trim()}`)
  }
  rmSync(npmCache, { recursive: true, force: true })
  try {
    renameSync(staging, dir)
  } catch (error) {
    // Another smoke run finished the same install first: use its copy.
    rmSync(staging, { recursive: true, force: true })
    if (!existsSync(dir)) throw error
  }
}
