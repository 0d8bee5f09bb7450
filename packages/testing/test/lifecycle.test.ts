import {
  DinoaiAgentRunDocument,
  SendDinoaiAgentMessageDocument,
  TriggerDinoaiAgentRunDocument,
} from '@dinoai/operations'
import { afterEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('default lifecycle (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  const poll = async (agentSessionId: string) =>
    (await gql(h, DinoaiAgentRunDocument, { agentSessionId })).body.data.dinoaiAgentRun

  test('trigger queues a run that goes QUEUED, RUNNING, COMPLETED with an agent reply, one poll each', async () => {
    h = await harness(mode)
    const trigger = await gql(h, TriggerDinoaiAgentRunDocument, { agent: 'dq', message: 'Check stg_orders' })
    expect(trigger.status).toBe(200)
    const { ok, agentSessionId, status } = trigger.body.data.triggerDinoaiAgentRun
    expect({ ok, status }).toEqual({ ok: true, status: 'queued' })
    expect(agentSessionId).toMatch(/^dinoai-agent-[0-9a-f]{12}$/)

    const first = await poll(agentSessionId)
    expect(first.status).toBe('QUEUED')
    expect(first.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'Check stg_orders'],
    ])
    expect((await poll(agentSessionId)).status).toBe('RUNNING')
    const done = await poll(agentSessionId)
    expect(done.status).toBe('COMPLETED')
    expect(done.messages).toHaveLength(2)
    expect(done.messages[1].role).toBe('agent')
    expect(done.messages[1].ts).toBeGreaterThan(done.messages[0].ts)
    // A terminal run stays put.
    expect((await poll(agentSessionId)).status).toBe('COMPLETED')
  })

  test('a follow-up reports the stale COMPLETED for one poll, then RUNNING, then a new reply', async () => {
    h = await harness(mode)
    const id = (await gql(h, TriggerDinoaiAgentRunDocument, { message: 'hi' })).body.data
      .triggerDinoaiAgentRun.agentSessionId
    h.mock.advance(id, 2)
    expect((await poll(id)).status).toBe('COMPLETED')
    const sent = await gql(h, SendDinoaiAgentMessageDocument, {
      agentSessionId: id,
      message: 'And stg_payments?',
    })
    expect(sent.body.data.sendDinoaiAgentMessage).toEqual({ ok: true, agentSessionId: id, status: 'queued' })

    const stale = await poll(id)
    expect(stale.status).toBe('COMPLETED')
    expect(stale.messages.filter((m: { role: string }) => m.role === 'agent')).toHaveLength(1)
    expect((await poll(id)).status).toBe('RUNNING')
    const done = await poll(id)
    expect(done.status).toBe('COMPLETED')
    expect(done.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'agent', 'user', 'agent'])
    expect(h.mock.runs[0]?.turn).toBe(2)
  })
})
