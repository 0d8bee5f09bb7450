import { DinoAiGraphQLError, DinoAiRunFailedError, type RunEvent } from '@dinoai/client'
import { afterEach, describe, expect, test } from 'vitest'
import { type Harness, harness, MODES, readRequests } from './helpers.js'

function describeEvent(e: RunEvent): string {
  switch (e.type) {
    case 'status':
      return `status:${e.previousStatus ?? '-'}>${e.status}`
    case 'message':
      return `message:${e.message.role}:${e.message.content}`
    default:
      return e.type
  }
}

describe.each(MODES)('watchRun (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('yields status changes and each message once, in order, then completed', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'go' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'step 1' } },
      {},
      { message: { role: 'agent', content: 'step 2' } },
      { status: 'COMPLETED', message: { role: 'agent', content: 'done' } },
    ])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'go' })
    const events: string[] = []
    for await (const event of client.watchRun(agentSessionId)) events.push(describeEvent(event))
    expect(events).toEqual([
      'status:->QUEUED',
      'message:user:go',
      'status:QUEUED>RUNNING',
      'message:agent:step 1',
      'message:agent:step 2',
      'status:RUNNING>COMPLETED',
      'message:agent:done',
      'completed',
    ])
    expect(h.clock.pending()).toBe(0)
  })

  test('deduplicates by ts, role and content even when a transcript is re-sent reordered', async () => {
    h = await harness(mode)
    // Serve the transcript reversed on every other read: same messages, nothing new to report.
    let reads = 0
    const shuffling = async (input: string | URL | Request, init?: RequestInit) => {
      const response = await h.fetch(input, init)
      const body = JSON.parse(await response.text()) as {
        data?: { dinoaiAgentRun?: { messages: unknown[] } }
      }
      if (body.data?.dinoaiAgentRun && ++reads % 2 === 0) body.data.dinoaiAgentRun.messages.reverse()
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers })
    }
    h.mock.script({ message: 'dup' }, [
      { status: 'RUNNING', message: { role: 'agent', content: 'a' } },
      { message: { role: 'agent', content: 'b' } },
      {},
      { status: 'COMPLETED' },
    ])
    const client = h.client({ fetch: shuffling })
    const { agentSessionId } = await client.triggerRun({ message: 'dup' })
    const messages: string[] = []
    for await (const event of client.watchRun(agentSessionId)) {
      if (event.type === 'message') messages.push(event.message.content)
    }
    expect(messages).toEqual(['dup', 'a', 'b'])
  })

  test('a failed run ends with a failed event carrying the error', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'boom' }, [{ status: 'EXPIRED' }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'boom' })
    const events: RunEvent[] = []
    for await (const event of client.watchRun(agentSessionId)) events.push(event)
    const last = events.at(-1)
    expect(last?.type).toBe('failed')
    if (last?.type !== 'failed') throw new Error('unreachable')
    expect(last.error).toBeInstanceOf(DinoAiRunFailedError)
    expect(last.run.status).toBe('EXPIRED')
  })

  test('breaking out of the loop stops polling and leaves no timers', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'forever' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'forever' })
    let seen = 0
    for await (const event of client.watchRun(agentSessionId)) {
      if (event.type === 'status' && event.status === 'RUNNING') break
      seen++
    }
    expect(seen).toBe(2)
    // The poller's only timer goes through the clock: none pending means no read will follow.
    expect(h.clock.pending()).toBe(0)
    expect(readRequests(h.mock)).toHaveLength(2)
  })

  test('errors are thrown from the loop', async () => {
    h = await harness(mode)
    const client = h.client()
    const iterate = async () => {
      for await (const _ of client.watchRun('missing')) {
        // never reached
      }
    }
    await expect(iterate()).rejects.toBeInstanceOf(DinoAiGraphQLError)
  })

  test('afterTs skips old messages and waits for a reply newer than it', async () => {
    h = await harness(mode)
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'one' })
    const afterTs = Math.max(...first.messages.map((m) => m.ts))
    await client.sendMessage(first.agentSessionId, 'two')
    const events: string[] = []
    for await (const event of client.watchRun(first.agentSessionId, { afterTs }))
      events.push(describeEvent(event))
    expect(events.filter((e) => e.startsWith('message'))).toEqual([
      'message:user:two',
      expect.stringMatching(/^message:agent:.*two/),
    ])
    expect(events.at(-1)).toBe('completed')
  })
})
