// A complete downstream test, shown verbatim in the README: code that drives an agent, tested
// against the in-process mock. No real time passes: the mock advances one step per poll, and the
// code's waits sleep on the mock's virtual clock.
import { DinoAiAgentRunDocument, isTerminalStatus, TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import { createMockDinoAi } from '@dinoai/testing'
import { print } from 'graphql'
import { beforeEach, describe, expect, test } from 'vitest'

// --- The code under test (in your project it lives in src/) ---------------------------------
interface AgentOptions {
  fetch: typeof fetch
  endpoint: string
  apiKey: string
  apiSecret: string
  /** Waits between polls; production passes a real delay, tests the mock's clock. */
  sleep?: (ms: number) => Promise<void>
  maxPolls?: number
}

async function graphql(options: AgentOptions, query: string, variables: Record<string, unknown>) {
  const response = await options.fetch(options.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': options.apiKey,
      'x-api-secret': options.apiSecret,
    },
    body: JSON.stringify({ query, variables }),
  })
  const body = await response.json()
  if (!response.ok || body.errors) throw new Error(`DinoAI: ${body.errors?.[0]?.message ?? response.status}`)
  return body.data
}

/** Runs an agent to its end and returns the final status and the agent's last reply. */
export async function runAgent(options: AgentOptions, agent: string, message: string) {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)))
  const { triggerDinoaiAgentRun } = await graphql(options, print(TriggerDinoAiAgentRunDocument), {
    agent,
    message,
  })
  const agentSessionId: string = triggerDinoaiAgentRun.agentSessionId
  for (let poll = 0; poll < (options.maxPolls ?? 100); poll++) {
    const { dinoaiAgentRun: run } = await graphql(options, print(DinoAiAgentRunDocument), { agentSessionId })
    if (isTerminalStatus(run.status)) {
      const replies = run.messages.filter((m: { role: string }) => m.role !== 'user')
      return { status: run.status, reply: replies.at(-1)?.content ?? null, agentSessionId }
    }
    await sleep(2000)
  }
  throw new Error(`Agent session ${agentSessionId} did not finish`)
}

// --- The tests ----------------------------------------------------------------------------------
const mock = createMockDinoAi({ credentials: { apiKey: 'test-key', apiSecret: 'test-secret' } })
const options: AgentOptions = {
  fetch: mock.fetch,
  endpoint: mock.url,
  apiKey: 'test-key',
  apiSecret: 'test-secret',
  sleep: (ms) => mock.clock.sleep(ms),
}

describe('runAgent', () => {
  beforeEach(() => mock.reset())

  test('returns the reply of a completed run', async () => {
    const start = mock.clock.now()
    const result = await runAgent(options, 'data-quality-checker', 'Check stg_orders')
    // Two 2 s waits between the three polls, on the virtual clock: no real time.
    expect(mock.clock.now() - start).toBe(4000)
    expect(result).toMatchObject({
      status: 'COMPLETED',
      reply: 'data-quality-checker (mock) finished: Check stg_orders',
    })
    // Default lifecycle: QUEUED, RUNNING, COMPLETED, one poll each.
    expect(mock.requests.map((r) => r.operationName)).toEqual([
      'TriggerDinoaiAgentRun',
      'DinoaiAgentRun',
      'DinoaiAgentRun',
      'DinoaiAgentRun',
    ])
  })

  test('reports a scripted failure with the agent explanation', async () => {
    mock.script({ agent: 'data-quality-checker' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'Warehouse unreachable.' }, status: 'FAILED' },
    ])
    const result = await runAgent(options, 'data-quality-checker', 'Check stg_orders')
    expect(result).toMatchObject({ status: 'FAILED', reply: 'Warehouse unreachable.' })
  })

  test('gives up on a run that never ends', async () => {
    mock.script({ agent: 'stuck' }, [{ neverEnding: true }])
    await expect(runAgent({ ...options, maxPolls: 5 }, 'stuck', 'hi')).rejects.toThrow(/did not finish/)
  })

  test('surfaces server errors', async () => {
    mock.failNext(1, { kind: 'http', status: 503 })
    await expect(runAgent(options, 'data-quality-checker', 'hi')).rejects.toThrow(
      'DinoAI: Service Unavailable',
    )
    expect(mock.runs).toHaveLength(0)
  })

  test('sends credentials, never logs them', async () => {
    await runAgent(options, 'data-quality-checker', 'hi')
    expect(mock.requests[0]?.headers['x-api-secret']).toBe('[redacted]')
    await expect(runAgent({ ...options, apiSecret: 'wrong' }, 'a', 'hi')).rejects.toThrow(/Invalid API key/)
  })
})
