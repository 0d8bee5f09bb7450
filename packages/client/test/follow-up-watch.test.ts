import { DinoAiValidationError, type WatchEvent } from '@dinoai/client'
import { afterEach, describe, expect, test } from 'vitest'
import { API_SECRET, type Harness, harness, MODES } from './helpers.js'

const describeEvent = (e: WatchEvent): string =>
  e.type === 'status'
    ? `status ${e.status}`
    : e.type === 'message'
      ? `${e.message.role}: ${e.message.content}`
      : e.type === 'step'
        ? `step ${e.step.index}`
        : e.type

describe.each(MODES)('sendMessageAndWatch (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test.each([1, 3])(
    'yields the reply to the follow-up, never the previous turn (stale polls: %i)',
    async (stalePolls) => {
      h = await harness(mode, { followUpStalePolls: stalePolls })
      const client = h.client()
      const first = await client.triggerRunAndWait({ message: 'first question' })
      const events: string[] = []
      for await (const event of await client.sendMessageAndWatch(first.agentSessionId, 'second question')) {
        events.push(describeEvent(event))
      }
      // The stale COMPLETED reads bring no status event and no old message.
      expect(events).toEqual([
        'user: second question',
        'status RUNNING',
        'status COMPLETED',
        'agent: DinoAI (mock) finished: second question',
        'completed',
      ])
    },
  )

  test('the message is sent when the call resolves; nothing is read until the loop starts', async () => {
    h = await harness(mode)
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'first question' })
    const before = h.mock.requests.length
    const events = await client.sendMessageAndWatch(first.agentSessionId, 'second question')
    expect(events.accepted).toEqual({ agentSessionId: first.agentSessionId, status: 'queued' })
    // The client remembered the transcript: the send is the only request so far.
    expect(h.mock.requests.slice(before).map((r) => r.operationName)).toEqual(['SendDinoaiAgentMessage'])
    const iterator = events[Symbol.asyncIterator]()
    expect((await iterator.next()).value).toMatchObject({ type: 'message' })
    expect(h.mock.requests.slice(before).map((r) => r.operationName)).toEqual([
      'SendDinoaiAgentMessage',
      'DinoaiAgentRun',
    ])
    await iterator.return?.()
  })

  test('a fresh client reads the baseline once, before sending', async () => {
    h = await harness(mode)
    const first = await h.client().triggerRunAndWait({ message: 'first question' })
    const before = h.mock.requests.length
    await h.client().sendMessageAndWatch(first.agentSessionId, 'second question')
    expect(h.mock.requests.slice(before).map((r) => r.operationName)).toEqual([
      'DinoaiAgentRun',
      'SendDinoaiAgentMessage',
    ])
  })

  test('with steps, the steps of the reply come as events too', async () => {
    h = await harness(mode)
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'first question' })
    const types = new Set<string>()
    for await (const event of await client.sendMessageAndWatch(first.agentSessionId, 'second question', {
      steps: true,
    })) {
      types.add(event.type)
    }
    expect(types.has('step')).toBe(true)
    expect([...types].at(-1)).toBe('completed')
  })

  test('a session the API does not know rejects the call, redacted, and no message goes out', async () => {
    h = await harness(mode)
    const error = await h
      .client()
      .sendMessageAndWatch('no-such-session', 'hello')
      .catch((e: unknown) => e)
    // The baseline read is what finds out.
    expect(error).toMatchObject({ code: 'GRAPHQL', graphqlCode: 'NOT_FOUND' })
    expect(JSON.stringify(error)).not.toContain(API_SECRET)
    expect(h.mock.requests.map((r) => r.operationName)).not.toContain('SendDinoaiAgentMessage')
  })

  test('a send that fails rejects the call, and nothing is watched', async () => {
    h = await harness(mode)
    const client = h.client()
    const first = await client.triggerRunAndWait({ message: 'first question' })
    h.mock.failNext(
      1,
      { kind: 'graphql-error', message: 'Session is busy', code: 'BUSY' },
      'SendDinoaiAgentMessage',
    )
    const before = h.mock.requests.length
    const error = await client.sendMessageAndWatch(first.agentSessionId, 'hello').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'GRAPHQL', graphqlCode: 'BUSY' })
    await h.clock.sleep(60_000)
    expect(h.mock.requests.slice(before).map((r) => r.operationName)).toEqual(['SendDinoaiAgentMessage'])
  })

  test('bad input is refused before any request', async () => {
    h = await harness(mode)
    const client = h.client()
    await expect(client.sendMessageAndWatch('', 'x')).rejects.toBeInstanceOf(DinoAiValidationError)
    await expect(client.sendMessageAndWatch('s', '  ')).rejects.toBeInstanceOf(DinoAiValidationError)
    expect(h.mock.requests).toHaveLength(0)
  })
})
