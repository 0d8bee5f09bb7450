// Runs the TypeScript examples of a README as tests, so documentation cannot rot.
// Every ```ts fence is an example, unless its info string says `no-run` (for fragments that
// need a real workspace). Examples assert with node:assert, so a wrong example fails its test.
import { randomUUID } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ReadmeExample } from './readme-extract.mjs'

export { type ReadmeExample, readmeExamples } from './readme-extract.mjs'

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
