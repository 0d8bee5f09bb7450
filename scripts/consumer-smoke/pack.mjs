// Builds the public packages and packs them as the registry would get them: `pnpm pack` turns
// workspace:* dependencies into the real versions.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './exec.mjs'

/** The workspace's publishable packages (packages/*, not private), in folder order. */
export function publicPackages(root) {
  const packagesDir = join(root, 'packages')
  return readdirSync(packagesDir)
    .map((folder) => join(packagesDir, folder))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
}

/** Builds (turbo serves unchanged packages from its cache) and packs each package into `destination`. */
export async function buildAndPack(root, packages, destination) {
  const turbo = join(root, 'node_modules', '.bin', 'turbo')
  const build = await run(turbo, ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], {
    cwd: root,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  })
  if (!build.ok) throw new Error(`The build failed:\n${build.output.trim()}`)
  mkdirSync(destination, { recursive: true })
  return Promise.all(
    packages.map(async ({ dir, manifest }) => {
      const packed = await run('pnpm', ['pack', '--pack-destination', destination], { cwd: dir })
      // pnpm names the tarball after the package: @dinoai/client@0.1.0 -> dinoai-client-0.1.0.tgz.
      const file = `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`
      if (!packed.ok || !existsSync(join(destination, file))) {
        throw new Error(`pnpm pack of ${manifest.name} did not produce ${file}:\n${packed.output.trim()}`)
      }
      return { name: manifest.name, version: manifest.version, file }
    }),
  )
}
