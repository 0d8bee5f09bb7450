import {
  DinoAiAgentRunDocument,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import { createMockDinoAi, type MockDinoAiOptions, MockDinoAiUsageError } from '@dinoai/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

interface Msg {
  ts: number
  role: string
  content: string
}

describe.each(MODES)('lifecycle (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  const start = async (options: MockDinoAiOptions = {}) => {
    h = await harness(mode, options)
    return h
  }
  const trigger = async (variables: Record<string, unknown>): Promise<string> => {
    const result = await gql(h, TriggerDinoAiAgentRunDocument, variables)
    expect(result.status).toBe(200)
    return result.body.data.triggerDinoaiAgentRun.agentSessionId
  }
  const poll = async (agentSessionId: string) =>
    (await gql(h, DinoAiAgentRunDocument, { agentSessionId })).body.data.dinoaiAgentRun
  const follow = async (agentSessionId: string, message: string) =>
    (await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId, message })).body.data
      .sendDinoaiAgentMessage

  test('trigger queues a run that goes QUEUED, RUNNING, COMPLETED with an agent reply, one poll each', async () => {
    await start()
    const result = await gql(h, TriggerDinoAiAgentRunDocument, { agent: 'dq', message: 'Check stg_orders' })
    const { ok, agentSessionId, status } = result.body.data.triggerDinoaiAgentRun
    expect({ ok, status }).toEqual({ ok: true, status: 'queued' })
    expect(agentSessionId).toMatch(/^dinoai-agent-[0-9a-f]{12}$/)

    const first = await poll(agentSessionId)
    expect(first).toMatchObject({ ok: true, agentSessionId, status: 'QUEUED', childSessionIds: [] })
    expect(first.messages.map((m: Msg) => [m.role, m.content])).toEqual([['user', 'Check stg_orders']])
    expect((await poll(agentSessionId)).status).toBe('RUNNING')
    const done = await poll(agentSessionId)
    expect(done.status).toBe('COMPLETED')
    expect(done.messages).toHaveLength(2)
    expect(done.messages[1]).toMatchObject({ role: 'agent', content: 'dq (mock) finished: Check stg_orders' })
    expect(done.messages[1].ts).toBeGreaterThan(done.messages[0].ts)
    // A terminal run stays put.
    expect((await poll(agentSessionId)).status).toBe('COMPLETED')
    expect(h.mock.runs[0]).toMatchObject({
      agentSessionId,
      agent: 'dq',
      status: 'COMPLETED',
      polls: 4,
      turn: 1,
    })
  })

  test('an agent-only trigger starts with an empty transcript', async () => {
    await start()
    const id = await trigger({ agent: 'dq' })
    expect((await poll(id)).messages).toEqual([])
  })

  test('session ids are unique, and repeat for the same seed', async () => {
    await start({ seed: 42 })
    const ids = [
      await trigger({ message: 'a' }),
      await trigger({ message: 'b' }),
      await trigger({ message: 'c' }),
    ]
    expect(new Set(ids).size).toBe(3)
    const again = createMockDinoAi({ seed: 42 })
    const other = createMockDinoAi({ seed: 43 })
    const first = async (m: typeof again) =>
      (
        await gql({ mock: m, fetch: m.fetch, close: async () => {} }, TriggerDinoAiAgentRunDocument, {
          message: 'a',
        })
      ).body.data.triggerDinoaiAgentRun.agentSessionId
    expect(await first(again)).toBe(ids[0])
    expect(await first(other)).not.toBe(ids[0])
  })

  test('message timestamps are seconds from the injected clock', async () => {
    let ms = 1_700_000_000_250
    await start({ now: () => ms })
    const id = await trigger({ message: 'hi' })
    ms += 1500
    h.mock.advance(id, 2)
    const run = await poll(id)
    expect(run.messages.map((m: Msg) => m.ts)).toEqual([1_700_000_000.25, 1_700_000_001.75])
  })

  test('a follow-up reports the stale COMPLETED for one poll, then RUNNING, then a new reply', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    h.mock.advance(id, 2)
    expect((await poll(id)).status).toBe('COMPLETED')
    expect(await follow(id, 'And stg_payments?')).toEqual({ ok: true, agentSessionId: id, status: 'queued' })

    const stale = await poll(id)
    expect(stale.status).toBe('COMPLETED')
    expect(stale.messages.map((m: Msg) => m.role)).toEqual(['user', 'agent', 'user'])
    expect((await poll(id)).status).toBe('RUNNING')
    const done = await poll(id)
    expect(done.status).toBe('COMPLETED')
    expect(done.messages.map((m: Msg) => m.role)).toEqual(['user', 'agent', 'user', 'agent'])
    expect(done.messages[3].content).toContain('And stg_payments?')
    expect(h.mock.runs[0]?.turn).toBe(2)
  })

  test.each([
    [0, ['QUEUED', 'RUNNING', 'COMPLETED']],
    [2, ['COMPLETED', 'COMPLETED', 'RUNNING', 'COMPLETED']],
  ])('followUpStalePolls: %i', async (followUpStalePolls, statuses) => {
    await start({ followUpStalePolls })
    const id = await trigger({ message: 'hi' })
    h.mock.advance(id, 2)
    await follow(id, 'more')
    const seen = []
    for (const _ of statuses) seen.push((await poll(id)).status)
    expect(seen).toEqual(statuses)
    expect((await poll(id)).messages).toHaveLength(4)
  })

  test('a follow-up to a running run lets the current turn finish, then runs the new one without stale reads', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    expect((await poll(id)).status).toBe('QUEUED')
    await follow(id, 'also this')
    const seen: string[] = []
    for (let i = 0; i < 4; i++) seen.push((await poll(id)).status)
    expect(seen).toEqual(['RUNNING', 'COMPLETED', 'RUNNING', 'COMPLETED'])
    expect((await poll(id)).messages.map((m: Msg) => m.role)).toEqual(['user', 'user', 'agent', 'agent'])
  })

  test('a follow-up to an unknown session is refused with ok: false', async () => {
    await start()
    expect(await follow('dinoai-agent-000000000000', 'hello?')).toEqual({
      ok: false,
      agentSessionId: 'dinoai-agent-000000000000',
      status: 'not_found',
    })
    expect(h.mock.runs).toEqual([])
  })

  test('polling an unknown session is a NOT_FOUND GraphQL error with HTTP 200 and data: null', async () => {
    await start()
    const result = await gql(h, DinoAiAgentRunDocument, { agentSessionId: 'dinoai-agent-unknown' })
    expect(result.status).toBe(200)
    expect(result.body.data).toBeNull()
    expect(result.body.errors[0].message).toContain('dinoai-agent-unknown')
    expect(result.body.errors[0].extensions.code).toBe('NOT_FOUND')
  })

  test('aliased reads in one document each advance their own run', async () => {
    await start()
    const a = await trigger({ message: 'a' })
    const b = await trigger({ message: 'b' })
    h.mock.advance(b)
    const query = `query Batch($a: String!, $b: String!) {
      a: dinoaiAgentRun(agentSessionId: $a) { agentSessionId status }
      b: dinoaiAgentRun(agentSessionId: $b) { agentSessionId status }
    }`
    const first = (await gql(h, query, { a, b })).body.data
    expect(first).toEqual({
      a: { agentSessionId: a, status: 'QUEUED' },
      b: { agentSessionId: b, status: 'RUNNING' },
    })
    const second = (await gql(h, query, { a, b })).body.data
    expect([second.a.status, second.b.status]).toEqual(['RUNNING', 'COMPLETED'])
  })

  test('advance() moves one run or every run without a poll, and refuses unknown sessions', async () => {
    await start()
    const a = await trigger({ message: 'a' })
    const b = await trigger({ message: 'b' })
    h.mock.advance(a)
    expect(h.mock.runs.map((r) => r.status)).toEqual(['RUNNING', 'QUEUED'])
    h.mock.advance()
    expect(h.mock.runs.map((r) => r.status)).toEqual(['COMPLETED', 'RUNNING'])
    expect(h.mock.runs.map((r) => r.polls)).toEqual([0, 0])
    expect(() => h.mock.advance('dinoai-agent-nope')).toThrow(MockDinoAiUsageError)
    expect(() => h.mock.advance(b, -1)).toThrow(/whole number/)
  })

  test('trigger records slack routing, base branch and the workspace from X-Paradime-Workspace', async () => {
    await start({ workspaceUid: 'ws-default' })
    const slack = { channel: 'C0123456789', threadTs: '1714142436.001200' }
    await trigger({ agent: 'dq', slack, baseBranch: 'main' })
    await gql(h, TriggerDinoAiAgentRunDocument, { agent: 'dq' }, { 'x-paradime-workspace': 'ws-header' })
    const [first, second] = h.mock.runs
    expect(first).toMatchObject({ slack, baseBranch: 'main', workspaceUid: 'ws-default' })
    expect(second).toMatchObject({ slack: null, baseBranch: null, workspaceUid: 'ws-header' })
    expect((await poll(second?.agentSessionId ?? '')).workspaceUid).toBe('ws-header')
  })
})
