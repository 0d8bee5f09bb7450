import { fileURLToPath } from 'node:url'
import { describe, test } from 'vitest'
import { readmeExamples, runReadmeExample } from '../../../scripts/readme-examples.js'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))

describe('README examples run', () => {
  test.each(readmeExamples(readme).map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    await runReadmeExample(example, fileURLToPath(new URL('.', import.meta.url)))
  })
})
