import { execFile } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'

// The promise of a codegen-driven client: rename a field in schema.graphql, update the document,
// run `pnpm codegen`, and the client's typecheck fails where the client uses the field. The probe
// does exactly that on a copy of the workspace (sources copied, node_modules reused through
// symlinks), so the real workspace is never touched.

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../../', import.meta.url))
const copies: string[] = []

afterAll(() => {
  // rm unlinks the node_modules symlinks; it never follows them into the real workspace.
  for (const dir of copies) rmSync(dir, { recursive: true, force: true })
})

// What tsc, codegen and vitest read in the copy: the client's program pulls in operations and
// testing (through the tests) and the README helpers under scripts/; vitest needs the root config.
const ROOT_FILES = ['schema.graphql', 'codegen.ts', 'tsconfig.base.json', 'package.json', 'vitest.config.ts']
// Codegen plugins and README helpers, by prefix, so a new plugin is copied without a change here.
const SCRIPT_PREFIXES = ['codegen-', 'readme-']
const PACKAGES = ['operations', 'client', 'testing']

// Files other tests write next to their sources while they run; they are not part of the workspace.
const scratch = (path: string): boolean => /^\.readme-(example-|typecheck)/.test(basename(path))

function copyWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dinoai-rename-probe-'))
  copies.push(dir)
  for (const file of ROOT_FILES) cpSync(join(root, file), join(dir, file))
  mkdirSync(join(dir, 'scripts'))
  for (const file of readdirSync(join(root, 'scripts')).filter((f) =>
    SCRIPT_PREFIXES.some((p) => f.startsWith(p)),
  ))
    cpSync(join(root, 'scripts', file), join(dir, 'scripts', file))
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  for (const name of PACKAGES) {
    const from = join(root, 'packages', name)
    const to = join(dir, 'packages', name)
    for (const part of ['package.json', 'tsconfig.json', 'README.md', 'src', 'test']) {
      cpSync(join(from, part), join(to, part), { recursive: true, filter: (path) => !scratch(path) })
    }
    // pnpm links workspace packages relatively (../../operations): kept verbatim, they point into the copy.
    cpSync(join(from, 'node_modules'), join(to, 'node_modules'), { recursive: true, verbatimSymlinks: true })
  }
  return dir
}

/** A tool from node_modules/.bin run in a copy: its exit code and what it printed. */
async function runIn(dir: string, tool: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(join(dir, 'node_modules/.bin', tool), args, { cwd: dir })
    return { code: 0, output: `${stdout}${stderr}` }
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: unknown; stdout?: string; stderr?: string }
    return { code: typeof code === 'number' ? code : -1, output: `${stdout ?? ''}${stderr ?? ''}` }
  }
}

/** A package's typecheck in a copy (its sources and tests). */
const typecheck = (dir: string, name: string) => runIn(dir, 'tsc', ['-p', `packages/${name}/tsconfig.json`])
const typecheckClient = (dir: string) => typecheck(dir, 'client')

/** Renames `agentSessionId` on the trigger's result type in the schema and in both trigger documents. */
function renameTriggerSessionId(dir: string): void {
  const schemaPath = join(dir, 'schema.graphql')
  const schema = readFileSync(schemaPath, 'utf8')
  const renamed = schema.replace(/(type TriggerDinoAiAgentRun \{[\s\S]*?)\bagentSessionId:/, '$1sessionId:')
  expect(renamed).not.toBe(schema)
  writeFileSync(schemaPath, renamed)
  for (const name of ['triggerDinoaiAgentRun.graphql', 'triggerDinoaiAgentRunWithModelFamily.graphql']) {
    const path = join(dir, 'packages/operations/src/documents', name)
    const document = readFileSync(path, 'utf8')
    expect(document).toMatch(/^\s+agentSessionId$/m)
    writeFileSync(path, document.replace(/^(\s+)agentSessionId$/m, '$1sessionId'))
  }
}

/** Adds a nullable, described field to the run type and to the run fragment every read selects. */
function addNullableRunField(dir: string): void {
  const schemaPath = join(dir, 'schema.graphql')
  const schema = readFileSync(schemaPath, 'utf8')
  const added = schema.replace(
    /(type DinoAiAgentRun \{\n)/,
    '$1  """\n  What the run has cost so far, in US dollars; null while unknown.\n  """\n  costUsd: Float\n',
  )
  expect(added).not.toBe(schema)
  writeFileSync(schemaPath, added)
  const path = join(dir, 'packages/operations/src/documents/dinoaiAgentRun.graphql')
  const document = readFileSync(path, 'utf8')
  expect(document).toMatch(/^ {2}workspaceUid$/m)
  writeFileSync(path, document.replace(/^( {2})workspaceUid$/m, '$1workspaceUid\n$1costUsd'))
}

async function codegen(dir: string): Promise<void> {
  const bin = join(dir, 'node_modules/.bin')
  // codegen's hook runs `biome format`, found on PATH as under `pnpm codegen`.
  await run(join(bin, 'graphql-codegen'), ['--config', 'codegen.ts'], {
    cwd: dir,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
  })
}

describe('rename probe', () => {
  test('renaming agentSessionId on the trigger result, then codegen, fails the client typecheck in packages/client/src', async () => {
    const dir = copyWorkspace()
    // The copy's client must see the copy's operations, or the probe would check the real ones.
    expect(realpathSync(join(dir, 'packages/client/node_modules/@dinoai/operations'))).toBe(
      realpathSync(join(dir, 'packages/operations')),
    )
    renameTriggerSessionId(dir)
    await codegen(dir)
    const generated = readFileSync(join(dir, 'packages/operations/src/generated/graphql.ts'), 'utf8')
    expect(generated).toContain('triggerDinoaiAgentRun: { ok: boolean; sessionId: string; status: string }')

    const { code, output } = await typecheckClient(dir)
    expect(code).not.toBe(0)
    const clientErrors = output
      .split('\n')
      .filter((line) => /^packages\/client\/src\/[\w/-]+\.ts\(\d+,\d+\): error TS\d+/.test(line))
    // The public result type is where it shows first: AcceptedRun picks the generated fields, and
    // the regenerated type (with sessionId) is what the copy's client was checked against.
    expect(clientErrors).toContainEqual(
      expect.stringMatching(
        /^packages\/client\/src\/results\.ts.*error TS2344: Type '"agentSessionId" \| "status"' does not satisfy the constraint '"ok" \| "sessionId" \| "status"'/,
      ),
    )
    // And every method that reads the field.
    expect(clientErrors).toContainEqual(
      expect.stringMatching(
        /^packages\/client\/src\/verbs\/requests\.ts.*Property 'agentSessionId' does not exist/,
      ),
    )
  }, 60_000)

  test('adding a nullable field to the run, then codegen, keeps every typecheck, the fixtures, the answer tests and the README examples green', async () => {
    const dir = copyWorkspace()
    addNullableRunField(dir)
    await codegen(dir)
    const generated = readFileSync(join(dir, 'packages/operations/src/generated/graphql.ts'), 'utf8')
    expect(generated).toMatch(/costUsd\??: number \| null/)
    // The validator's shapes follow the document: the new field is checked, and nullable.
    const shapes = readFileSync(join(dir, 'packages/operations/src/generated/shapes.ts'), 'utf8')
    expect(shapes).toContain('costUsd')

    for (const name of PACKAGES) {
      const { code, output } = await typecheck(dir, name)
      expect({ name, code, output }).toEqual({ name, code: 0, output: '' })
    }
    // Hand-built fixtures are where an additive change used to break tests: the builders fill the
    // new field, and the mock answers it (a mocked value, or null) through the validator.
    const { code, output: printed } = await runIn(dir, 'vitest', [
      'run',
      '--project',
      'testing',
      '--project',
      'client',
      '--project',
      'operations',
      'packages/testing/test/fixtures.test.ts',
      'packages/operations/test/readme.test.ts',
      'packages/testing/test/readme.test.ts',
      'packages/client/test/readme.test.ts',
      'packages/client/test/responses.test.ts',
      'packages/client/test/client.test.ts',
    ])
    // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its summary.
    const output = printed.replace(/\u001b\[[0-9;]*m/g, '')
    expect({ code, failed: output.match(/\d+ failed/g) }).toEqual({ code: 0, failed: null })
    // Every test ran and passed: "Tests  N passed (N)".
    const [, passed, total] = output.match(/Tests\s+(\d+) passed \((\d+)\)/) ?? []
    expect(Number(passed)).toBeGreaterThan(0)
    expect(passed).toBe(total)
  }, 120_000)
})
