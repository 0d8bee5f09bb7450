// Fails when the checked-in generated operations differ from what `pnpm codegen` would write from
// the checked-in schema and documents. Generates in memory and formats through Biome exactly as
// the codegen hook does, so the working tree is never touched.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { generate, loadCodegenConfig } from '@graphql-codegen/cli'

const root = resolve(import.meta.dirname, '..')
const { config } = await loadCodegenConfig({ configFilePath: resolve(root, 'codegen.ts') })
let outputs
try {
  outputs = await generate({ ...config, cwd: root, silent: true, hooks: {} }, false)
} catch (error) {
  // Codegen reports each problem several times, with stacks; one copy of the messages is enough.
  const messages = new Set(
    String(error?.message ?? error)
      .split('\n')
      .filter((line) => /Error \d+:|at .*\.graphql:/.test(line))
      .map((line) => line.trim()),
  )
  console.error(
    `Codegen cannot run on the checked-in schema and documents:\n${[...messages].map((m) => `  ${m}`).join('\n')}\n` +
      'Fix schema.graphql or the documents in packages/operations/src/documents, then run `pnpm codegen`.',
  )
  process.exit(1)
}

const biome = resolve(root, 'node_modules/.bin/biome')
const drifted = []
for (const { filename, content } of outputs) {
  const path = resolve(root, filename)
  const formatted = execFileSync(biome, ['format', `--stdin-file-path=${path}`], {
    cwd: root,
    input: content,
    encoding: 'utf8',
  })
  let current = null
  try {
    current = readFileSync(path, 'utf8')
  } catch {}
  if (current !== formatted) drifted.push(relative(root, path))
}

// The schema file @dinoai/operations ships: codegen's last hook copies schema.graphql there as it is.
const shippedSchema = 'packages/operations/schema.graphql'
const copied = (() => {
  try {
    return readFileSync(resolve(root, shippedSchema), 'utf8')
  } catch {
    return null
  }
})()
if (copied !== readFileSync(resolve(root, 'schema.graphql'), 'utf8')) drifted.push(shippedSchema)

if (drifted.length > 0) {
  console.error(
    `Generated operations are out of date with schema.graphql or the documents:\n${drifted
      .map((f) => `  - ${f}`)
      .join('\n')}\nRun \`pnpm codegen\` and commit the result.`,
  )
  process.exit(1)
}
console.log(`codegen:check: ${outputs.length} generated files match schema.graphql and the documents.`)
