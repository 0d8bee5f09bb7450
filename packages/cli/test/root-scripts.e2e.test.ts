// The repository's own scripts, `pnpm schema:pull` and `pnpm schema:check --endpoint [URL]`, run the
// built `dinoai schema` on schema.graphql and packages/operations/src/documents: one implementation.
// Against the mock serving the shipped schema they change nothing; the git-ref mode still works.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startMockDinoAiServer } from '@dinoai/testing'
import { buildASTSchema, type DocumentNode, Kind, type ObjectTypeDefinitionNode, parse } from 'graphql'
import { expect, test } from 'vitest'
import { assertBuilt, baseEnv, collect } from './spawn-cli.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const schemaFile = `${root}schema.graphql`
const credentials = { apiKey: 'root-script-key', apiSecret: 'root-script-secret' }

function script(name: string, args: string[], env: Record<string, string> = {}) {
  assertBuilt()
  // The test task has built the CLI: --no-build, no nested turbo run.
  const child = spawn(process.execPath, [`${root}scripts/${name}`, ...args, '--no-build'], {
    cwd: root,
    env: baseEnv({
      PARADIME_API_KEY: credentials.apiKey,
      PARADIME_API_SECRET: credentials.apiSecret,
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return collect(child)
}

test('schema:check --endpoint URL and schema:pull against an unchanged API: exit 0, nothing written', async () => {
  const before = readFileSync(schemaFile, 'utf8')
  const server = await startMockDinoAiServer({ credentials })
  try {
    const checked = await script('schema-check.mjs', ['--endpoint', server.url])
    expect(checked.stderr).toBe('')
    expect(checked.code).toBe(0)
    expect(checked.stdout).toContain(`schema.graphql is up to date with the schema at ${server.url}.`)
    const documents = readdirSync(`${root}packages/operations/src/documents`).filter((f) =>
      f.endsWith('.graphql'),
    )
    expect(checked.stdout).toContain(`${documents.length} documents checked (from --documents): all validate`)

    // `--endpoint` alone: PARADIME_API_ENDPOINT.
    const fromEnv = await script('schema-check.mjs', ['--endpoint'], { PARADIME_API_ENDPOINT: server.url })
    expect(fromEnv.code).toBe(0)

    const pulled = await script('schema-pull.mjs', [], { PARADIME_API_ENDPOINT: server.url })
    expect(pulled.code).toBe(0)
    expect(pulled.stdout).toMatch(/^schema\.graphql is up to date/)
    expect(readFileSync(schemaFile, 'utf8')).toBe(before)
  } finally {
    await server.close()
  }
})

test('schema:check --endpoint names a change of the live API and exits 1, writing nothing', async () => {
  const before = readFileSync(schemaFile, 'utf8')
  const document = parse(before)
  const dropped: DocumentNode = {
    ...document,
    definitions: document.definitions.map((d) =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'DinoAiAgentStep'
        ? ({
            ...d,
            fields: (d.fields ?? []).filter((f) => f.name.value !== 'truncated'),
          } satisfies ObjectTypeDefinitionNode)
        : d,
    ),
  }
  const server = await startMockDinoAiServer({ credentials, schema: buildASTSchema(dropped) })
  try {
    const checked = await script('schema-check.mjs', ['--endpoint', server.url])
    expect(checked.code).toBe(1)
    expect(checked.stdout).toContain(
      "  breaking   Field 'truncated' was removed from object type 'DinoAiAgentStep'",
    )
    // Named in each document file that selects the field, at the line it is on.
    const folder = 'packages/operations/src/documents'
    const selecting = readdirSync(`${root}${folder}`).filter((f) =>
      /^\s*truncated\s*$/m.test(readFileSync(`${root}${folder}/${f}`, 'utf8')),
    )
    expect(selecting.length).toBeGreaterThan(0)
    for (const file of selecting) {
      const line =
        readFileSync(`${root}${folder}/${file}`, 'utf8')
          .split('\n')
          .findIndex((l) => l.trim() === 'truncated') + 1
      expect(checked.stdout).toMatch(
        new RegExp(`^ {2}${folder}/${file}:${line}:\\d+ {2}Cannot query field "truncated"`, 'm'),
      )
    }
    expect(readFileSync(schemaFile, 'utf8')).toBe(before)
  } finally {
    await server.close()
  }
})

test('schema:check REF still compares with a git ref', async () => {
  const checked = await script('schema-check.mjs', ['HEAD'])
  expect(checked.code).toBe(0)
  expect(checked.stdout).toMatch(/^schema:check: no breaking change against HEAD/)
})
