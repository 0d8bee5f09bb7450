import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { readmeExamples, runReadmeExample } from '../../../scripts/readme-examples.js'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))
const examples = readmeExamples(readme)

describe('README examples run', () => {
  test.each(examples.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    await runReadmeExample(example, fileURLToPath(new URL('.', import.meta.url)))
  })
})

test('every hand-written export of the package appears in a README example', async () => {
  const values = Object.keys(await import('@dinoai/operations'))
  // Type-only exports, read from the entry point so a new export cannot be forgotten here.
  const entry = readFileSync(fileURLToPath(new URL('../src/index.ts', import.meta.url)), 'utf8')
  const types = [...entry.matchAll(/(?:export type|^\s+type) (\w+)/gm)].map((m) => m[1] as string)
  expect(types).toContain('DinoAiAgentRunWithSteps')
  // What codegen exports for each document is documented by the `#` comment in its .graphql file,
  // so that a new document needs no README edit (operations.test.ts checks those comments).
  const generated = readFileSync(
    fileURLToPath(new URL('../src/generated/documents.ts', import.meta.url)),
    'utf8',
  )
  const fromDocuments = new Set(
    [...generated.matchAll(/\b(\w+(?:Document|FragmentDoc|Operation))\b/g)].map((m) => m[1]),
  )
  expect(fromDocuments.size).toBeGreaterThan(0)
  const code = examples.map((e) => e.code).join('\n')
  const missing = [...values, ...types]
    .filter((name) => !fromDocuments.has(name))
    .filter((name) => !new RegExp(`\\b${name}\\b`).test(code))
  expect(missing).toEqual([])
})
