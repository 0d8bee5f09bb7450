import { fileURLToPath } from 'node:url'
import { describe, test } from 'vitest'
import { readmeExamples, runReadmeExample } from '../../../scripts/readme-examples.js'

// The repository README's examples use the client and the mock, so they run with this package.
const readme = fileURLToPath(new URL('../../../README.md', import.meta.url))

describe('repository README examples run', () => {
  test.each(readmeExamples(readme).map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    await runReadmeExample(example, fileURLToPath(new URL('.', import.meta.url)))
  })
})
