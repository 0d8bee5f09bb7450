import {
  DinoAiAgentRunDocument,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import { MockDinoAiUsageError, type Step } from '@dinoai/testing'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('scripts (%s)', (mode) => {
  let h: Harness
  beforeEach(async () => {
    h = await harness(mode)
  })
  afterEach(async () => h.close())

  const trigger = async (variables: Record<string, unknown>): Promise<string> =>
    (await gql(h, TriggerDinoAiAgentRunDocument, variables)).body.data.triggerDinoaiAgentRun.agentSessionId
  const poll = async (agentSessionId: string) =>
    (await gql(h, DinoAiAgentRunDocument, { agentSessionId })).body.data.dinoaiAgentRun
  const statuses = async (id: string, n: number): Promise<string[]> => {
    const seen: string[] = []
    for (let i = 0; i < n; i++) seen.push((await poll(id)).status)
    return seen
  }

  test.each(['FAILED', 'EXPIRED', 'STOPPED'] as const)(
    'a script by agent name ends runs %s',
    async (status) => {
      h.mock.script({ agent: 'flaky' }, [{ status: 'RUNNING' }, { status }])
      const flaky = await trigger({ agent: 'flaky' })
      const other = await trigger({ agent: 'steady' })
      expect(await statuses(flaky, 3)).toEqual(['QUEUED', 'RUNNING', status])
      expect(await statuses(other, 3)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
    },
  )

  test('a script by message text (RegExp) appends scripted messages, one step per poll', async () => {
    h.mock.script({ message: /payments/ }, [
      { status: 'RUNNING', message: { role: 'agent', content: 'Looking at stg_payments...' } },
      { message: { role: 'tool', content: 'dbt test --select stg_payments' } },
      { message: { role: 'agent', content: (run) => `Done after ${run.polls} polls.` }, status: 'COMPLETED' },
    ])
    const id = await trigger({ message: 'Check stg_payments' })
    await statuses(id, 3)
    const done = await poll(id)
    expect(done.status).toBe('COMPLETED')
    expect(done.messages.map((m: { role: string; content: string }) => `${m.role}: ${m.content}`)).toEqual([
      'user: Check stg_payments',
      'agent: Looking at stg_payments...',
      'tool: dbt test --select stg_payments',
      'agent: Done after 3 polls.',
    ])
  })

  test('a string matcher matches exactly; all given fields must match', async () => {
    h.mock.script({ agent: 'dq', message: 'exact' }, [{ status: 'FAILED' }])
    const exact = await trigger({ agent: 'dq', message: 'exact' })
    const longer = await trigger({ agent: 'dq', message: 'exact and more' })
    const otherAgent = await trigger({ agent: 'other', message: 'exact' })
    expect((await statuses(exact, 2))[1]).toBe('FAILED')
    expect((await statuses(longer, 2))[1]).toBe('RUNNING')
    expect((await statuses(otherAgent, 2))[1]).toBe('RUNNING')
  })

  test('the most recent matching script wins, and removing it restores the earlier one', async () => {
    h.mock.script({}, [{ status: 'FAILED' }])
    const remove = h.mock.script({ agent: 'dq' }, [{ status: 'STOPPED' }])
    expect((await statuses(await trigger({ agent: 'dq' }), 2))[1]).toBe('STOPPED')
    remove()
    expect((await statuses(await trigger({ agent: 'dq' }), 2))[1]).toBe('FAILED')
  })

  test('neverEnding keeps a run RUNNING until a follow-up starts a new turn', async () => {
    h.mock.script({ message: 'start' }, [{ neverEnding: true }])
    const id = await trigger({ agent: 'forever', message: 'start' })
    expect(await statuses(id, 6)).toEqual(['QUEUED', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING'])
    h.mock.advance(id, 100)
    expect((await poll(id)).status).toBe('RUNNING')
    await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId: id, message: 'wrap up' })
    // The follow-up's turn (default steps) runs with no stale read: the run never finished.
    expect(await statuses(id, 3)).toEqual(['RUNNING', 'RUNNING', 'COMPLETED'])
  })

  test('a session script changes the rest of a running turn, and scripts its follow-ups', async () => {
    const id = await trigger({ message: 'hi' })
    expect((await poll(id)).status).toBe('QUEUED')
    h.mock.script({ sessionId: id }, [{ status: 'STOPPED' }])
    expect(await statuses(id, 2)).toEqual(['RUNNING', 'STOPPED'])
    const untouched = await trigger({ message: 'hi' })
    expect(await statuses(untouched, 3)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])

    await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId: id, message: 'again' })
    // One stale read of the previous turn's status, then the scripted turn.
    expect(await statuses(id, 2)).toEqual(['STOPPED', 'STOPPED'])
    expect(h.mock.runs[0]?.turn).toBe(2)
  })

  test('spawnChild creates a child session with its own lifecycle', async () => {
    h.mock.script({ agent: 'lead' }, [
      {
        status: 'RUNNING',
        spawnChild: { agent: 'helper', message: 'Profile stg_orders', steps: [{ status: 'FAILED' }] },
      },
      { spawnChild: { agent: 'helper2' } },
      { status: 'COMPLETED', message: { role: 'agent', content: 'Both helpers done.' } },
    ])
    const id = await trigger({ agent: 'lead' })
    await statuses(id, 3)
    const done = await poll(id)
    expect(done.status).toBe('COMPLETED')
    expect(done.childSessionIds).toHaveLength(2)
    const [first, second] = done.childSessionIds as string[]
    const child = await poll(first ?? '')
    expect(child).toMatchObject({ status: 'QUEUED', workspaceUid: done.workspaceUid })
    expect(child.messages[0].content).toBe('Profile stg_orders')
    expect((await poll(first ?? '')).status).toBe('FAILED')
    // Without steps a child follows the default lifecycle.
    expect(await statuses(second ?? '', 3)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
    expect(h.mock.runs.find((r) => r.agentSessionId === first)?.parentSessionId).toBe(id)
  })

  test('an empty step holds the run for one poll', async () => {
    h.mock.script({ agent: 'slow' }, [{}, {}, { status: 'RUNNING' }, { status: 'COMPLETED' }])
    expect(await statuses(await trigger({ agent: 'slow' }), 5)).toEqual([
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'RUNNING',
      'COMPLETED',
    ])
  })

  test('script() refuses steps that are not an array', () => {
    expect(() => h.mock.script({ agent: 'x' }, { status: 'FAILED' } as unknown as Step[])).toThrow(
      MockDinoAiUsageError,
    )
  })
})

describe('defaultSteps option', () => {
  test('replaces the lifecycle of unscripted turns', async () => {
    const h = await harness('in-process', { defaultSteps: [{ status: 'EXPIRED' }] })
    const id = (await gql(h, TriggerDinoAiAgentRunDocument, { message: 'x' })).body.data.triggerDinoaiAgentRun
      .agentSessionId
    await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })
    expect(
      (await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })).body.data.dinoaiAgentRun.status,
    ).toBe('EXPIRED')
  })
})
