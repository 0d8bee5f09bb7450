// `pnpm schema:check [REF]`: compares schema.graphql with its version at a git ref (default: the main
// branch) and fails on breaking changes, naming each one. The diff is @graphql-inspector/core's.
// `pnpm schema:check --endpoint [URL]` compares it with the live API instead (URL, else
// PARADIME_API_ENDPOINT), through `dinoai schema check`: exit 0 unchanged, 1 changed, 2 on error.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CriticalityLevel, diff } from '@graphql-inspector/core'
import { buildSchema } from 'graphql'

const cliArgs = process.argv.slice(2)
const endpointAt = cliArgs.indexOf('--endpoint')
if (endpointAt !== -1) {
  const url = cliArgs[endpointAt + 1]
  // `--endpoint` alone means PARADIME_API_ENDPOINT, which the CLI reads by itself.
  if (url === undefined || url.startsWith('-')) cliArgs.splice(endpointAt, 1)
  // Loaded only here: the git-ref mode needs nothing of the CLI.
  const { runSchemaCommand } = await import('./schema-cli.mjs')
  process.exit(runSchemaCommand('check', cliArgs))
}

const root = resolve(import.meta.dirname, '..')
const git = (...args) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

function defaultRef() {
  for (const ref of ['origin/main', 'main']) {
    try {
      git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`)
      return ref
    } catch {}
  }
  return 'HEAD'
}

const ref = cliArgs.find((arg) => arg !== '--no-build') ?? defaultRef()
let before
try {
  before = git('show', `${ref}:schema.graphql`)
} catch {
  console.error(
    `schema:check: cannot read schema.graphql at "${ref}". Pass a git ref that has it: pnpm schema:check <ref>`,
  )
  process.exit(2)
}
const after = readFileSync(resolve(root, 'schema.graphql'), 'utf8')

function build(sdl, where) {
  try {
    return buildSchema(sdl)
  } catch (error) {
    console.error(`schema:check: schema.graphql ${where} is not a valid schema: ${error.message}`)
    process.exit(2)
  }
}

const changes = await diff(build(before, `at ${ref}`), build(after, 'in the working tree'))
const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking)
const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous)

for (const change of dangerous) console.warn(`  dangerous: ${change.message}`)
if (breaking.length > 0) {
  console.error(`schema:check: ${breaking.length} breaking change(s) in schema.graphql against ${ref}:`)
  for (const change of breaking)
    console.error(`  - ${change.message}${change.path ? ` (${change.path})` : ''}`)
  process.exit(1)
}
console.log(`schema:check: no breaking change against ${ref} (${changes.length} change(s) in all).`)
