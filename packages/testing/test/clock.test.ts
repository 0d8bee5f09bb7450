import { TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import { createMockDinoAi, MockDinoAiUsageError } from '@dinoai/testing'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

/** Resolves after `turns` real event-loop turns: long enough for an idle virtual clock to jump. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

describe('the virtual clock (default)', () => {
  test('sleeps cost no real time and move the clock by their length', async () => {
    const mock = createMockDinoAi()
    expect(mock.clock.kind).toBe('virtual')
    const start = mock.clock.now()
    const realStart = performance.now()
    await mock.clock.sleep(3_600_000)
    expect(mock.clock.now() - start).toBe(3_600_000)
    expect(performance.now() - realStart).toBeLessThan(1_000)
  })

  test('concurrent sleeps resolve in time order, each at its own time', async () => {
    const { clock } = createMockDinoAi()
    const start = clock.now()
    const woke: [string, number][] = []
    await Promise.all(
      (
        [
          ['late', 3000],
          ['early', 1000],
          ['middle', 2000],
        ] as const
      ).map(([name, ms]) => clock.sleep(ms).then(() => woke.push([name, clock.now() - start]))),
    )
    expect(woke).toEqual([
      ['early', 1000],
      ['middle', 2000],
      ['late', 3000],
    ])
  })

  test('an aborted sleep rejects with the reason and does not move time', async () => {
    const { clock } = createMockDinoAi()
    const start = clock.now()
    const controller = new AbortController()
    const sleeping = clock.sleep(60_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(sleeping).rejects.toThrow('stop')
    await expect(clock.sleep(1, AbortSignal.abort(new Error('already')))).rejects.toThrow('already')
    await turns(40)
    expect(clock.now()).toBe(start)
  })

  test('a bad duration rejects with a usage error', async () => {
    const { clock } = createMockDinoAi()
    await expect(clock.sleep(-1)).rejects.toThrow(MockDinoAiUsageError)
    await expect(clock.sleep(Number.NaN)).rejects.toThrow(/finite number >= 0/)
  })

  test('random() follows the seed', () => {
    const draw = (seed: number) => {
      const { clock } = createMockDinoAi({ seed })
      return [clock.random(), clock.random(), clock.random()]
    }
    expect(draw(5)).toEqual(draw(5))
    expect(draw(5)).not.toEqual(draw(6))
    for (const value of draw(7)) expect(value >= 0 && value < 1).toBe(true)
  })

  test('reset() keeps the time: a clock never goes back', async () => {
    const mock = createMockDinoAi()
    await mock.clock.sleep(5000)
    const before = mock.clock.now()
    mock.reset()
    expect(mock.clock.now()).toBe(before)
  })

  test("a test's fake timers do not freeze it", async () => {
    vi.useFakeTimers()
    try {
      const { clock } = createMockDinoAi()
      const start = clock.now()
      await clock.sleep(10_000)
      expect(clock.now() - start).toBe(10_000)
    } finally {
      vi.useRealTimers()
    }
  })

  test('an unknown clock kind is refused', () => {
    // @ts-expect-error: not a clock kind
    expect(() => createMockDinoAi({ clock: 'fast' })).toThrow(/clock must be 'virtual' or 'wall'/)
  })
})

describe.each(MODES)('the virtual clock holds still while a request is answered (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  test('a sleep waits for the slow request in flight, then time moves', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    // A slow fault that waits on a gate this test opens: the request stays in flight meanwhile.
    h = await harness(mode, { sleep: () => gate })
    h.mock.failNext(1, { kind: 'slow', delayMs: 1 })
    const start = h.mock.clock.now()
    const request = gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })
    await vi.waitUntil(() => h.mock.requests.length === 1)
    let woke = false
    const sleeping = h.mock.clock.sleep(30_000).then(() => {
      woke = true
    })
    await turns(50)
    expect(woke).toBe(false)
    expect(h.mock.clock.now()).toBe(start)
    release()
    expect((await request).status).toBe(200)
    await sleeping
    expect(h.mock.clock.now() - start).toBe(30_000)
  })

  test("sleep: 'clock' makes a slow fault wait on the clock, so a client's shorter timeout wins", async () => {
    h = await harness(mode, { sleep: 'clock' })
    h.mock.failNext(1, { kind: 'slow', delayMs: 60_000 })
    const start = h.mock.clock.now()
    const controller = new AbortController()
    // A client's request timeout on the same clock, set as the request starts: it fires at 5 s.
    const timeout = h.mock.clock.sleep(5_000).then(() => controller.abort(new Error('timed out')))
    const request = h.fetch(h.mock.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: controller.signal,
    })
    await timeout
    await expect(request).rejects.toThrow()
    expect(h.mock.clock.now() - start).toBe(5_000)
    // The slow fault's 60 s sleep ended with the request: a later sleep is not pushed past it.
    await vi.waitUntil(() => h.mock.requests[0]?.status === 0)
    await h.mock.clock.sleep(1)
    expect(h.mock.clock.now() - start).toBe(5_001)
  })
})

describe('the wall clock', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test("clock: 'wall' sleeps on real timers and reads performance.now()", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const mock = createMockDinoAi({ clock: 'wall' })
    expect(mock.clock.kind).toBe('wall')
    const start = mock.clock.now()
    let woke = false
    const sleeping = mock.clock.sleep(5_000).then(() => {
      woke = true
    })
    await vi.advanceTimersByTimeAsync(4_999)
    expect(woke).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await sleeping
    expect(mock.clock.now() - start).toBe(5_000)
  })
})
