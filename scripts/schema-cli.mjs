// `pnpm schema:pull` and `pnpm schema:check --endpoint [URL]` run `dinoai schema` (packages/cli), the
// one implementation of pull and check, on this repository's schema.graphql and documents. The CLI is
// built first (a turbo cache hit when nothing changed); `--no-build` skips that, for the tests, whose
// task has built it already.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

/**
 * Runs `dinoai schema <mode>` against schema.graphql with our documents and `args` (e.g.
 * `--endpoint URL`), and returns its exit code: 0 unchanged, 1 changed, 2 error.
 */
export function runSchemaCommand(mode, given) {
  const args = given.filter((arg) => arg !== '--no-build')
  if (args.length === given.length) {
    const build = spawnSync(
      resolve(root, 'node_modules/.bin/turbo'),
      ['run', 'build', '--filter=@dinoai/cli...', '--output-logs=errors-only'],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    )
    if (build.status !== 0) {
      console.error(
        `schema:${mode}: building @dinoai/cli failed (exit ${build.status}); run pnpm build to see why.`,
      )
      return 2
    }
  }
  const fileFlag = mode === 'pull' ? '--out' : '--schema'
  const cli = spawnSync(
    process.execPath,
    [
      resolve(root, 'packages/cli/dist/bin.js'),
      'schema',
      mode,
      ...args,
      fileFlag,
      'schema.graphql',
      '--documents',
      'packages/operations/src/documents/*.graphql',
    ],
    { cwd: root, stdio: 'inherit' },
  )
  return cli.status ?? 2
}
