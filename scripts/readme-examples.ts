// Runs the TypeScript examples of a README as tests, so documentation cannot rot.
// Every ```ts fence is an example, unless its info string says `no-run` (for fragments that
// need a real workspace). Examples assert with node:assert, so a wrong example fails its test.
import { randomUUID } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface ReadmeExample {
  /** A readable test name: the nearest heading above the fence and the fence's line. */
  name: string
  code: string
  line: number
}

export function readmeExamples(readmePath: string): ReadmeExample[] {
  const lines = readFileSync(readmePath, 'utf8').split('\n')
  const examples: ReadmeExample[] = []
  let heading = 'README'
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const h = /^#+\s+(.*)$/.exec(line)
    if (h?.[1]) heading = h[1]
    const fence = /^```(ts|typescript)\b(.*)$/.exec(line)
    if (!fence) continue
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && !(lines[j] ?? '').startsWith('```'); j++) body.push(lines[j] ?? '')
    if (!/\bno-run\b/.test(fence[2] ?? '')) {
      examples.push({ name: `${heading} (line ${i + 1})`, code: body.join('\n'), line: i + 1 })
    }
    i = j
  }
  return examples
}

/**
 * Imports the example as a module placed in `dir`, so that its imports of workspace packages
 * resolve as a user's would. The file is removed afterwards.
 */
export async function runReadmeExample(example: ReadmeExample, dir: string): Promise<void> {
  const file = join(dir, `.readme-example-${example.line}-${randomUUID().slice(0, 8)}.ts`)
  writeFileSync(file, `${example.code}\nexport {}\n`)
  try {
    await import(pathToFileURL(file).href)
  } finally {
    rmSync(file, { force: true })
  }
}
