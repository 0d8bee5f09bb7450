import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

// The generated types reach callers only if no hand-written source launders them: a cast through
// unknown or any compiles whatever the schema says, so a rename would stay green where it is used.
// Generated code (packages/operations/src/generated) is exempt: codegen's documents are typed that way.

const root = fileURLToPath(new URL('../../../', import.meta.url))
const LAUNDERING = /\bas\s+(unknown\s+as|any)\b|<any>/

/** Every hand-written .ts file under a package's src, as a path relative to the repository. */
function handWritten(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.includes(join('src', 'generated')))
    .map((path) => relative(root, path))
}

/** The lines of a source that launder a type, as "path:line: text". */
function launderings(path: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => LAUNDERING.test(line) && !line.trimStart().startsWith('//'))
    .map(([line, n]) => `${path}:${n}: ${line.trim()}`)
}

describe('no hand-written source launders a type through unknown or any', () => {
  test.each(['operations', 'client', 'testing', 'cli'])('packages/%s/src', (name) => {
    const files = handWritten(join(root, 'packages', name, 'src'))
    expect(files.length).toBeGreaterThan(0)
    const found = files.flatMap((path) => launderings(path, readFileSync(join(root, path), 'utf8')))
    expect(found).toEqual([])
  })

  test('the check finds the casts it is meant to find', () => {
    const generated = readFileSync(join(root, 'packages/operations/src/generated/graphql.ts'), 'utf8')
    expect(launderings('generated', generated).length).toBeGreaterThan(0)
    expect(
      launderings('x.ts', 'const run = data as any\nconst r = <any>data\n// as unknown as is banned'),
    ).toEqual(['x.ts:1: const run = data as any', 'x.ts:2: const r = <any>data'])
  })
})
