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

test('the README shows test/downstream-example.test.ts verbatim', () => {
  const file = readFileSync(new URL('./downstream-example.test.ts', import.meta.url), 'utf8')
  const block = /```ts no-run\n([\s\S]*?)```\n/.exec(readFileSync(readme, 'utf8'))?.[1]
  expect(block).toBe(file)
})

test('every export of the package appears in a README example', async () => {
  const main = Object.keys(await import('@dinoai/testing'))
  const msw = Object.keys(await import('@dinoai/testing/msw'))
  const types = [
    'MockDinoAi',
    'MockDinoAiControls',
    'MockDinoAiOptions',
    'MockDinoAiServer',
    'MockDinoAiServerOptions',
    'MockCredentials',
    'Fault',
    'FetchFunction',
    'RecordedRequest',
    'MockRun',
    'ScriptMatcher',
    'SpawnChild',
    'Step',
    'StepMessage',
    'MswHandlerOptions',
  ]
  const code = examples.map((e) => e.code).join('\n')
  const missing = [...main, ...msw, ...types].filter((name) => !new RegExp(`\\b${name}\\b`).test(code))
  expect(missing).toEqual([])
})
