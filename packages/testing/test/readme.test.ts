import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { readmeExamples, runReadmeExample } from '../../../scripts/readme-examples.js'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))
const examples = readmeExamples(readme)

// Examples that pair the mock with @dinoai/client run beside the client's tests, where both
// resolve: this package cannot depend on the client, which depends on it.
const CLIENT_IMPORT = /from '@dinoai\/client'/
const exampleDir = (code: string): string =>
  fileURLToPath(new URL(CLIENT_IMPORT.test(code) ? '../../client/test/' : '.', import.meta.url))

describe('README examples run', () => {
  test.each(examples.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    await runReadmeExample(example, exampleDir(example.code))
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
    'ScriptStep',
    'ToolCall',
    'StepMessage',
    'MswHandlerOptions',
    'MockClock',
    'MockCorsOptions',
    'RecordDinoAiOptions',
    'DinoAiRecorder',
    'DinoAiRecorderServerOptions',
    'DinoAiRecorderServer',
    'ReplayOptions',
    'MockReplay',
    'ReplayExchange',
    'Replaying',
    'CassetteReport',
    'CheckCassetteOptions',
    'CassetteHeader',
    'CassetteErrorKind',
  ]
  const code = examples.map((e) => e.code).join('\n')
  const missing = [...main, ...msw, ...types].filter((name) => !new RegExp(`\\b${name}\\b`).test(code))
  expect(missing).toEqual([])
})
