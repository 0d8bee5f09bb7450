import { schemaSdl } from '@dinoai/operations'
import { createMockDinoAi, editSchemaSdl, MockDinoAiUsageError } from '@dinoai/testing'
import { describe, expect, test } from 'vitest'
import { gql } from './helpers.js'

// The next schema version might add fields; the mock serves them with schema-based values.
const nextSdl = editSchemaSdl(schemaSdl, {
  extend: `
    extend type DinoAiAgentRun { costUsd: Float! model: String! tags: [String!]! }
    extend type Query { dinoaiAgents: [DinoAiAgent!]! }
    type DinoAiAgent { name: String!, status: DinoAiAgentRunStatus! }
  `,
})

const query = `query($id: String!) {
  dinoaiAgentRun(agentSessionId: $id) { status costUsd model tags }
  dinoaiAgents { name status }
}`

async function runWith(seed: number) {
  const mock = createMockDinoAi({ seed, schemaSdl: nextSdl })
  const h = { mock, fetch: mock.fetch, close: async () => {} }
  const id = (await gql(h, 'mutation { triggerDinoaiAgentRun(message: "hi") { agentSessionId } }')).body.data
    .triggerDinoaiAgentRun.agentSessionId
  const first = await gql(h, query, { id })
  const second = await gql(h, query, { id })
  return { first: first.body, second: second.body }
}

describe('schema-based mocks for fields the state does not define', () => {
  test('new fields get typed values, stable per run and repeatable for a seed', async () => {
    const a = await runWith(7)
    expect(a.first.errors).toBeUndefined()
    const run = a.first.data.dinoaiAgentRun
    expect(run.status).toBe('QUEUED')
    expect(typeof run.costUsd).toBe('number')
    expect(run.model).toMatch(/^mock-[0-9a-f]{8}$/)
    expect(run.tags).toHaveLength(2)
    expect(a.first.data.dinoaiAgents).toHaveLength(2)
    // The state still drives what it knows; mocked values stay put for the same run.
    expect(a.second.data.dinoaiAgentRun).toEqual({ ...run, status: 'RUNNING' })
    const b = await runWith(7)
    expect(b.first).toEqual(a.first)
    const c = await runWith(8)
    expect(c.first.data.dinoaiAgentRun.model).not.toBe(run.model)
  })
})

test('a schemaSdl that is not a valid schema fails when the mock is created, saying why', () => {
  expect(() => createMockDinoAi({ schemaSdl: 'type Query { run: Nope }' })).toThrow(MockDinoAiUsageError)
  expect(() => createMockDinoAi({ schemaSdl: 'type Query { run: Nope }' })).toThrow(
    /^schemaSdl is not a valid GraphQL schema: Unknown type "Nope"\./,
  )
})
