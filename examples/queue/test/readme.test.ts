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

test('every export of the example appears in a README example', async () => {
  const runtime = Object.keys(await import('@dinoai/example-queue'))
  const types = [
    'AgentRunFailureReason',
    'AgentRunJobData',
    'AgentRunProgress',
    'AgentRunQueue',
    'AgentRunQueueOptions',
    'AgentRunResult',
    'AgentRunWorker',
    'AgentRunWorkerEvent',
    'AgentRunWorkerOptions',
    'CancelOutcome',
    'CancelRequest',
    'QueueCliContext',
    'RedisServer',
    'TriggerRecord',
    'UnknownOutcomeJob',
    'WorkerWaitOptions',
  ]
  const code = examples.map((e) => e.code).join('\n')
  expect([...runtime, ...types].filter((name) => !new RegExp(`\\b${name}\\b`).test(code))).toEqual([])
})
