import { DinoAiAgentRunDocument, TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import { createMockDinoAi } from '@dinoai/testing'
import { createMswHandlers } from '@dinoai/testing/msw'
import { print } from 'graphql'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'

const mock = createMockDinoAi()
const url = 'https://api.dinoai.example/api/v1/graphql'
const server = setupServer(...createMswHandlers(mock, { url }))

const post = (query: string, variables: Record<string, unknown>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })

describe('MSW handlers built from the mock', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  beforeEach(() => mock.reset())

  test('global fetch to the intercepted URL reaches the same stateful mock', async () => {
    const triggered = await (await post(print(TriggerDinoAiAgentRunDocument), { message: 'hi' })).json()
    const agentSessionId = triggered.data.triggerDinoaiAgentRun.agentSessionId
    mock.advance(agentSessionId)
    const run = await (await post(print(DinoAiAgentRunDocument), { agentSessionId })).json()
    expect(run.data.dinoaiAgentRun.status).toBe('RUNNING')
    expect(mock.requests.map((r) => r.url)).toEqual([url, url])
  })

  test('faults come through: a validation 400 and a network error', async () => {
    const invalid = await post('{ dinoaiAgentRun(agentSessionId: "x") { nope } }', {})
    expect(invalid.status).toBe(400)
    mock.failNext(1, { kind: 'network' })
    await expect(post(print(TriggerDinoAiAgentRunDocument), { message: 'x' })).rejects.toBeInstanceOf(
      TypeError,
    )
    expect(mock.runs).toEqual([])
  })
})
