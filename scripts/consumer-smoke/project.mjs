// The downstream project: a fresh folder outside the workspace with the fixture app and tests,
// depending on the packed tarballs, installed by npm as a user would install them.
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { consumerEnv, run } from './exec.mjs'

// The toolchain a downstream project brings. Major ranges: the newest release of each line, but
// not a future major that would fail the smoke for reasons of its own.
export const CONSUMER_DEV_DEPENDENCIES = {
  '@types/node': '^22.15.0', // the types of our oldest supported line
  typescript: '^7.0.0',
  typescript5: 'npm:typescript@^5.0.0',
  vitest: '^5.0.0',
}

/**
 * Writes the project into `projectDir` (whose tarballs/ folder holds `packed`) and runs
 * `npm install` there with Node `runtime` first on PATH. Returns npm's result.
 */
export async function installProject(projectDir, fixtureDir, packed, runtime, cacheDir) {
  cpSync(fixtureDir, projectDir, { recursive: true })
  const dependencies = Object.fromEntries(packed.map(({ name, file }) => [name, `file:./tarballs/${file}`]))
  const manifest = {
    name: 'dinoai-consumer-smoke',
    private: true,
    type: 'module',
    dependencies,
    devDependencies: CONSUMER_DEV_DEPENDENCIES,
  }
  writeFileSync(join(projectDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  const args = ['install', `--cache=${join(cacheDir, 'npm')}`, '--no-audit', '--no-fund', '--loglevel=error']
  return run('npm', args, { cwd: projectDir, env: consumerEnv(runtime.binDir), timeoutMs: 300_000 })
}

/** The version npm installed of `name` in the project. */
export function installedVersion(projectDir, name) {
  return JSON.parse(readFileSync(join(projectDir, 'node_modules', name, 'package.json'), 'utf8')).version
}
