// A copy of the workspace for tests that change the schema or the documents and run codegen, tsc
// and vitest on the result (the rename probe, the schema-evolution test): sources copied,
// node_modules reused through symlinks, so the real workspace is never touched. Every copy is
// removed after the file's tests.
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
import {
  assertObjectType,
  buildSchema,
  type DocumentNode,
  type FieldNode,
  type Location,
  parse,
  visit,
} from 'graphql'
import { afterAll, expect } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../../', import.meta.url))

// What tsc, codegen and vitest read in the copy: the client's program pulls in operations and
// testing (through the tests) and the README helpers under scripts/; vitest needs the root config.
// biome.json stays out: its VCS settings need a git checkout, and Biome's defaults format the copy
// consistently for codegen's hook and the drift check alike.
const ROOT_FILES = ['schema.graphql', 'codegen.ts', 'tsconfig.base.json', 'package.json', 'vitest.config.ts']
// Codegen plugins, README helpers, the drift and schema checks, by prefix, so a new plugin is
// copied without a change here.
const SCRIPT_PREFIXES = ['codegen-', 'readme-', 'check-codegen', 'schema-check', 'vitest-']
const PACKAGES = ['operations', 'client', 'testing']

// Files other tests write next to their sources while they run; they are not part of the workspace.
const scratch = (path: string): boolean =>
  /^\.readme-(example-|typecheck)|^\.test-results$/.test(basename(path))

/** Copies of the workspace, made by `copy()` and all removed after the calling file's tests. */
export function workspaceCopies(prefix: string): { copy(): string } {
  const copies: string[] = []
  afterAll(() => {
    // rm unlinks the node_modules symlinks; it never follows them into the real workspace.
    for (const dir of copies) rmSync(dir, { recursive: true, force: true })
  })
  return {
    copy() {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      copies.push(dir)
      copyInto(dir)
      // The copy's client must see the copy's operations, or a test would check the real ones.
      expect(realpathSync(join(dir, 'packages/client/node_modules/@dinoai/operations'))).toBe(
        realpathSync(join(dir, 'packages/operations')),
      )
      return dir
    },
  }
}

function copyInto(dir: string): void {
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
}

/** A tool from node_modules/.bin (or node itself) run in a copy: its exit code and what it printed. */
export async function runIn(
  dir: string,
  tool: string,
  args: string[],
): Promise<{ code: number; output: string }> {
  const bin = join(dir, 'node_modules/.bin')
  const command = tool === 'node' ? process.execPath : join(bin, tool)
  try {
    // codegen's hook runs `biome format`, found on PATH as under `pnpm codegen`.
    const { stdout, stderr } = await run(command, args, {
      cwd: dir,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
      maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, output: `${stdout}${stderr}` }
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: unknown; stdout?: string; stderr?: string }
    return { code: typeof code === 'number' ? code : -1, output: `${stdout ?? ''}${stderr ?? ''}` }
  }
}

/** A package's typecheck in a copy (its sources and tests). */
export const typecheck = (dir: string, name: string) =>
  runIn(dir, 'tsc', ['-p', `packages/${name}/tsconfig.json`])

/** `pnpm codegen` in a copy; throws with codegen's output when it fails. */
export async function codegen(dir: string): Promise<void> {
  const { code, output } = await runIn(dir, 'graphql-codegen', ['--config', 'codegen.ts'])
  if (code !== 0) throw new Error(`codegen failed in the copy:\n${output}`)
}

/** The lines of tsc output that report an error in one of `folder`'s files, e.g. `packages/client/src`. */
export const errorsIn = (output: string, folder: string): string[] =>
  output.split('\n').filter((line) => line.startsWith(`${folder}/`) && /\(\d+,\d+\): error TS\d+/.test(line))

/** vitest in a copy: its exit code, the failures it reported, and how many tests passed (or were skipped) of how many. */
export async function vitestIn(
  dir: string,
  args: string[],
): Promise<{ code: number; failed: string[] | null; passed: number; total: number; output: string }> {
  const { code, output: printed } = await runIn(dir, 'vitest', ['run', ...args])
  // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its summary.
  const output = printed.replace(/\u001b\[[0-9;]*m/g, '')
  // "Tests  N passed (N)", or "Tests  N passed | M skipped (N+M)": skipped tests are counted as run.
  const [, passed, skipped, total] =
    output.match(/Tests\s+(\d+) passed(?: \| (\d+) skipped)? \((\d+)\)/) ?? []
  return {
    code,
    failed: output.match(/\d+ failed/g),
    passed: Number(passed) + Number(skipped ?? 0),
    total: Number(total),
    output,
  }
}

/** A file of the copy, read and written back changed. */
export function editFile(dir: string, path: string, change: (text: string) => string): void {
  const file = join(dir, path)
  const before = readFileSync(file, 'utf8')
  const after = change(before)
  expect(after, `editing ${path} changed nothing`).not.toBe(before)
  writeFileSync(file, after)
}

/**
 * A document's source with text replaced at the places its AST locates (so its `#` comments and
 * layout stay): `edits` gets the parsed document and returns where to put what, e.g. a field's
 * name location and its new name.
 */
export function spliceDocument(
  source: string,
  edits: (document: DocumentNode) => { at: Pick<Location, 'start' | 'end'> | undefined; text: string }[],
): string {
  const located = edits(parse(source)).sort((a, b) => (b.at?.start ?? 0) - (a.at?.start ?? 0))
  let result = source
  for (const { at, text } of located) {
    if (at === undefined) throw new Error('spliceDocument: a node without a location')
    result = result.slice(0, at.start) + text + result.slice(at.end)
  }
  return result
}

/** The fields of a document named `name`, anywhere in it. */
export function fieldsNamed(document: DocumentNode, name: string): FieldNode[] {
  const found: FieldNode[] = []
  visit(document, {
    Field(node) {
      if (node.name.value === name) found.push(node)
    },
  })
  return found
}

/** A document's source with `field` selected after the last selection of definition `definition`. */
export function appendSelection(source: string, definition: string, field: string): string {
  return spliceDocument(source, (document) => {
    const node = document.definitions.find((d) => 'name' in d && d.name?.value === definition)
    const last = node && 'selectionSet' in node ? node.selectionSet?.selections.at(-1) : undefined
    if (last?.loc === undefined)
      throw new Error(`appendSelection: no definition ${definition} with selections`)
    const indent = ' '.repeat(last.loc.startToken.column - 1)
    return [{ at: { start: last.loc.end, end: last.loc.end }, text: `\n${indent}${field}` }]
  })
}

/** `wanted`, or a variant of it, that type `typeName` of the SDL has no field named (read through graphql-js). */
export function unusedFieldName(sdl: string, typeName: string, wanted: string): string {
  const known = Object.keys(assertObjectType(buildSchema(sdl).getType(typeName)).getFields())
  let name = wanted
  while (known.includes(name)) name += 'X'
  return name
}
