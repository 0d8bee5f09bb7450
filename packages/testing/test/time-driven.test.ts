import {
  DinoAiAgentRunDocument,
  DinoAiAgentRunWithStepsDocument,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import { createMockDinoAi, type MockDinoAiOptions, MockDinoAiUsageError } from '@dinoai/testing'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

const EVERY: MockDinoAiOptions = { advance: { everyMs: 1000 } }

describe.each(MODES)('time-driven runs: advance { everyMs } (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  const start = async (options: MockDinoAiOptions = EVERY) => {
    h = await harness(mode, options)
  }
  const trigger = async (variables: Record<string, unknown>): Promise<string> =>
    (await gql(h, TriggerDinoAiAgentRunDocument, variables)).body.data.triggerDinoaiAgentRun.agentSessionId
  const status = async (agentSessionId: string): Promise<string> =>
    (await gql(h, DinoAiAgentRunDocument, { agentSessionId })).body.data.dinoaiAgentRun.status
  const wait = (ms: number) => h.mock.clock.sleep(ms)

  test('reads do not advance a run; every everyMs of clock time applies one step', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    expect([await status(id), await status(id), await status(id)]).toEqual(['QUEUED', 'QUEUED', 'QUEUED'])
    await wait(999)
    expect(await status(id)).toBe('QUEUED')
    await wait(1)
    expect([await status(id), await status(id)]).toEqual(['RUNNING', 'RUNNING'])
    await wait(1000)
    expect(await status(id)).toBe('COMPLETED')
    expect(h.mock.runs[0]).toMatchObject({ polls: 7, pendingSteps: 0 })
  })

  test('a run nobody reads catches up on every step that came due, steps included', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    await wait(60_000)
    expect(h.mock.runs[0]?.status).toBe('COMPLETED')
    const run = (await gql(h, DinoAiAgentRunWithStepsDocument, { agentSessionId: id })).body.data
      .dinoaiAgentRun
    expect(run.steps.map((s: { role: string }) => s.role)).toEqual(['USER', 'TOOL', 'AGENT'])
  })

  test('a follow-up to a finished run reads stale for everyMs, then its turn takes one step per everyMs', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    await wait(5000)
    await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId: id, message: 'more' })
    expect(await status(id)).toBe('COMPLETED')
    await wait(1000)
    expect(await status(id)).toBe('RUNNING')
    await wait(1000)
    expect(await status(id)).toBe('COMPLETED')
    expect(h.mock.runs[0]?.messages.map((m) => m.role)).toEqual(['user', 'agent', 'user', 'agent'])
  })

  test('a child spawned at a step starts its own timeline then', async () => {
    await start()
    h.mock.script({ agent: 'parent' }, [
      {
        status: 'RUNNING',
        spawnChild: { agent: 'child', steps: [{ status: 'RUNNING' }, { status: 'COMPLETED' }] },
      },
      { status: 'COMPLETED' },
    ])
    await trigger({ agent: 'parent' })
    await wait(2500)
    // Parent steps at 1 s and 2 s; the child was spawned at 1 s, so its steps are at 2 s and 3 s.
    expect(h.mock.runs.map((r) => r.status)).toEqual(['COMPLETED', 'RUNNING'])
    await wait(500)
    expect(h.mock.runs.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED'])
  })

  test('a never-ending run stays RUNNING until a follow-up, whose turn then advances with time', async () => {
    await start()
    h.mock.script({ message: 'forever' }, [{ neverEnding: true }])
    const id = await trigger({ message: 'forever' })
    await wait(10_000)
    expect(await status(id)).toBe('RUNNING')
    await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId: id, message: 'stop looping' })
    await wait(1000)
    expect(await status(id)).toBe('RUNNING')
    await wait(1000)
    expect(await status(id)).toBe('COMPLETED')
  })

  test('mock.advance() still applies steps at once', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    h.mock.advance(id, 2)
    expect(await status(id)).toBe('COMPLETED')
  })
})

describe('time-driven runs on the wall clock', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test("clock: 'wall' advances runs with real time (faked here)", async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const mock = createMockDinoAi({ clock: 'wall', advance: { everyMs: 2000 } })
    const h: Harness = { mock, fetch: mock.fetch, close: async () => {} }
    const id = (await gql(h, TriggerDinoAiAgentRunDocument, { agent: 'a' })).body.data.triggerDinoaiAgentRun
      .agentSessionId
    vi.advanceTimersByTime(1999)
    expect(mock.runs[0]?.status).toBe('QUEUED')
    vi.advanceTimersByTime(1)
    expect(mock.runs[0]?.status).toBe('RUNNING')
    vi.advanceTimersByTime(2000)
    expect(
      (await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })).body.data.dinoaiAgentRun.status,
    ).toBe('COMPLETED')
  })
})

test.each([[{ everyMs: 0 }], [{ everyMs: -5 }], [{ everyMs: Number.POSITIVE_INFINITY }], ['per-poll']])(
  'advance %j is refused',
  (advance) => {
    // @ts-expect-error: deliberately wrong
    expect(() => createMockDinoAi({ advance })).toThrow(MockDinoAiUsageError)
  },
)
