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

  test.each([1, 3])(
    "afterTs: the previous turn's COMPLETED is not a status event; the new turn's statuses are (stale polls: %i)",
    async (stalePolls) => {
      h = await harness(mode, { followUpStalePolls: stalePolls })
      const client = h.client()
      const first = await client.triggerRunAndWait({ message: 'one' })
      const afterTs = Math.max(...first.messages.map((m) => m.ts))
      await client.sendMessage(first.agentSessionId, 'two')
      const events: string[] = []
      const updates: string[] = []
      const watching = client.watchRun(first.agentSessionId, {
        afterTs,
        followUp: 'two',
        onUpdate: (run) => updates.push(run.status),
      })
      for await (const event of watching) events.push(describeEvent(event))
      // The first reads still say COMPLETED (the previous turn's): no status event until RUNNING.
      expect(events).toEqual([
        'message:user:two',
        'status:->RUNNING',
        'status:RUNNING>COMPLETED',
        expect.stringMatching(/^message:agent:.*two/),
        'completed',
      ])
      // onUpdate follows the same rule: the stale reads only brought the follow-up message.
      expect(updates).toEqual(['COMPLETED', 'RUNNING', 'COMPLETED'])
    },
  )

  test('afterTs: a follow-up settled by the read that first shows it reports COMPLETED once', async () => {
    h = await harness(mode)
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'one' })
    const afterTs = Math.max(...first.messages.map((m) => m.ts))
    // No RUNNING read in between: the stale COMPLETED is followed by the new turn's COMPLETED.
    h.mock.script({ message: 'quick' }, [
      { status: 'COMPLETED', message: { role: 'agent', content: 'fast' } },
    ])
    await client.sendMessage(first.agentSessionId, 'quick')
    const events: string[] = []
    for await (const event of client.watchRun(first.agentSessionId, { afterTs, followUp: 'quick' }))
      events.push(describeEvent(event))
    expect(events).toEqual(['message:user:quick', 'status:->COMPLETED', 'message:agent:fast', 'completed'])
  })

  test('followUp moves the cutoff to the follow-up itself: an older reply does not end the watch', async () => {
    h = await harness(mode, { followUpStalePolls: 2 })
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'one' })
    // A cutoff read too early (before the first turn's reply): that reply is newer than it.
    const early = Math.min(...first.messages.map((m) => m.ts))
    await client.sendMessage(first.agentSessionId, 'two')
    const replies = async (options: { afterTs: number; followUp?: string }) => {
      const out: string[] = []
      for await (const event of client.watchRun(first.agentSessionId, options)) {
        if (event.type === 'message' && event.message.role !== 'user') out.push(event.message.content)
        if (event.type === 'completed') out.push(`completed after ${event.run.messages.length} messages`)
      }
      return out
    }
    // Without followUp the previous turn's reply counts and the stale COMPLETED ends the watch.
    expect(await replies({ afterTs: early })).toEqual([
      expect.stringMatching(/one/),
      'completed after 3 messages',
    ])
    // With it, the cutoff becomes the follow-up's ts and the watch waits for the real reply.
    expect(await replies({ afterTs: early, followUp: 'two' })).toEqual([
      expect.stringMatching(/one/),
      expect.stringMatching(/two/),
      'completed after 4 messages',
    ])
  })

  test('followUp without afterTs, or empty, is a validation error before any read', async () => {
    h = await harness(mode)
    const client = h.client()
    expect(() => client.watchRun('s', { followUp: 'two' })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        field: 'waitOptions.followUp',
        message: expect.stringMatching(/needs waitOptions.afterTs/),
      }),
    )
    await expect(client.waitForRun('s', { afterTs: 1, followUp: '' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'waitOptions.followUp',
    })
    expect(h.mock.requests).toHaveLength(0)
  })
})
