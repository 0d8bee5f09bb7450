import {
  DinoAiAgentRunDocument,
  isTerminalStatus,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import { Client, fetchExchange } from '@urql/core'
import { afterEach, describe, expect, test } from 'vitest'
import { type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('urql against the mock (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  const client = (headers: Record<string, string> = {}) =>
    new Client({
      url: h.mock.url,
      exchanges: [fetchExchange],
      preferGetMethod: false,
      fetch: h.fetch as typeof fetch,
      fetchOptions: { headers },
    })

  test('trigger, poll to COMPLETED, follow up and wait for the new reply', async () => {
    h = await harness(mode, { credentials: { apiSecret: 'prdm_wsp_abc' } })
    const urql = client({ authorization: 'Bearer prdm_wsp_abc' })
    const triggered = await urql.mutation(TriggerDinoAiAgentRunDocument, {
      agent: 'dq',
      message: 'Check orders',
    })
    expect(triggered.error).toBeUndefined()
    const id = triggered.data?.triggerDinoaiAgentRun.agentSessionId ?? ''

    const pollUntilDone = async (agentReplies: number) => {
      for (let polls = 1; polls <= 10; polls++) {
        const result = await urql.query(DinoAiAgentRunDocument, { agentSessionId: id }).toPromise()
        const run = result.data?.dinoaiAgentRun
        const replies = run?.messages.filter((m) => m.role === 'agent').length ?? 0
        if (run && isTerminalStatus(run.status) && replies === agentReplies) return { run, polls }
      }
      throw new Error('never completed')
    }
    const first = await pollUntilDone(1)
    expect(first).toMatchObject({ polls: 3, run: { status: 'COMPLETED' } })

    const sent = await urql.mutation(SendDinoAiAgentMessageDocument, {
      agentSessionId: id,
      message: 'And payments?',
    })
    expect(sent.data?.sendDinoaiAgentMessage.ok).toBe(true)
    const second = await pollUntilDone(2)
    // Stale COMPLETED, RUNNING, then COMPLETED with the new reply.
    expect(second.polls).toBe(3)
    expect(second.run.messages.at(-1)?.content).toContain('And payments?')
    expect(h.mock.requests.every((r) => r.method === 'POST')).toBe(true)
  })

  test('errors reach urql: validation as CombinedError, 401 as a network error with the response', async () => {
    h = await harness(mode, { credentials: { apiKey: 'k', apiSecret: 's' } })
    const unauthenticated = await client().mutation(TriggerDinoAiAgentRunDocument, { message: 'x' })
    expect(unauthenticated.error?.response?.status).toBe(401)
    const invalid = await client({ 'x-api-key': 'k', 'x-api-secret': 's' }).mutation(
      TriggerDinoAiAgentRunDocument,
      {},
    )
    expect(invalid.error?.graphQLErrors[0]?.extensions.code).toBe('BAD_USER_INPUT')
  })
})
