import type { RunEvent } from '@dinoai/client'
import { describe, expect, test } from 'vitest'
import { harness } from './helpers.js'

// The client on a virtual clock that jumps to the next timer once no request is in flight: a
// minute of waiting costs no real time, for the poller and for the consumer alike.
// Reads are counted as they go out (the mock's own record is a copy per look, too slow to take
// 10,000 times).
async function setUp() {
  const h = await harness('in-process')
  const sent = { reads: 0 }
  const counting: typeof h.fetch = (input, init) => {
    if (String(init?.body).includes('"operationName":"DinoaiAgentRun')) sent.reads++
    return h.fetch(input, init)
  }
  return { mock: h.mock, client: h.client({ fetch: counting }), clock: h.clock, sent }
}

const fast = { minDelayMs: 1_000, pollIntervalMs: 10_000, timeoutMs: 10 * 24 * 3_600_000 }

describe('watchRun polls only while it is iterated', () => {
  test('a watch nobody iterates sends no request, however long it waits', async () => {
    const { mock, client, clock, sent } = await setUp()
    const { agentSessionId } = await client.triggerRun({ message: 'go' })
    const before = mock.requests.length
    const events = client.watchRun(agentSessionId, fast)
    await clock.sleep(3_600_000)
    expect(mock.requests.length).toBe(before)
    // The first next() starts it.
    const iterator = events[Symbol.asyncIterator]()
    expect((await iterator.next()).value).toMatchObject({ type: 'status', status: 'QUEUED' })
    expect(sent.reads).toBe(1)
    await iterator.return?.()
  })

  test('after return() (a break), nothing more is read', async () => {
    const { mock, client, clock, sent } = await setUp()
    mock.script(
      { message: 'long' },
      Array.from({ length: 100 }, () => ({ status: 'RUNNING' as const })),
    )
    const { agentSessionId } = await client.triggerRun({ message: 'long' })
    for await (const event of client.watchRun(agentSessionId, fast)) {
      if (event.type === 'status' && event.status === 'RUNNING') break
    }
    const afterBreak = sent.reads
    await clock.sleep(3_600_000)
    expect(sent.reads).toBe(afterBreak)
  })
})

describe('a lagging consumer pauses polling instead of buffering', () => {
  test('one event per simulated minute over 10,000 events keeps the queue at its bound', async () => {
    const { mock, client, clock, sent } = await setUp()
    // Every read moves the run to the other of two live statuses: one status event per read.
    const flips = Array.from({ length: 10_000 }, (_, i) => ({
      status: i % 2 === 0 ? ('RUNNING' as const) : ('QUEUED' as const),
    }))
    mock.script({ message: 'flip' }, [
      ...flips,
      { status: 'COMPLETED', message: { role: 'agent', content: 'done' } },
    ])
    const { agentSessionId } = await client.triggerRun({ message: 'flip' })
    let consumed = 0
    let mostAhead = 0
    const statuses: string[] = []
    for await (const event of client.watchRun(agentSessionId, fast)) {
      consumed++
      if (event.type === 'status') statuses.push(event.status)
      // Each read brings one event (its status change): reads ahead of the consumer are buffered events.
      mostAhead = Math.max(mostAhead, sent.reads - consumed)
      await clock.sleep(60_000)
    }
    // Nothing was lost: every flip, in order, then the end.
    expect(statuses.length).toBe(10_002)
    expect(statuses.slice(0, 4)).toEqual(['QUEUED', 'RUNNING', 'QUEUED', 'RUNNING'])
    expect(statuses.at(-1)).toBe('COMPLETED')
    // Without a bound the poller reads every 10 s while the consumer takes a minute an event, so it
    // would run about 50,000 reads ahead. With it, reads stay within the queue's bound of 64.
    expect(mostAhead).toBeLessThanOrEqual(65)
    expect(mostAhead).toBeGreaterThan(32)
  }, 120_000)

  test('a wait on the same session is not held up by a lagging watch, and the watch loses nothing', async () => {
    const { mock, client } = await setUp()
    mock.script({ message: 'both' }, [
      ...Array.from({ length: 200 }, (_, i) => ({ message: { role: 'agent', content: `note ${i}` } })),
      { status: 'COMPLETED', message: { role: 'agent', content: 'done' } },
    ])
    const { agentSessionId } = await client.triggerRun({ message: 'both' })
    const iterator = client.watchRun(agentSessionId, fast)[Symbol.asyncIterator]()
    const first = await iterator.next()
    expect(first.value).toMatchObject({ type: 'status' })
    // The watch is not read further while the wait runs the session to its end.
    const run = await client.waitForRun(agentSessionId, fast)
    expect(run.status).toBe('COMPLETED')
    const rest: RunEvent[] = []
    for (;;) {
      const next = await iterator.next()
      if (next.done) break
      rest.push(next.value)
    }
    const notes = rest.filter((e) => e.type === 'message' && e.message.content.startsWith('note '))
    expect(notes.length).toBe(200)
    expect(rest.at(-1)?.type).toBe('completed')
  }, 60_000)
})
