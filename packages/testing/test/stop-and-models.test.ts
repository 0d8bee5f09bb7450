import {
  DinoAiAgentRunDocument,
  SendDinoAiAgentMessageDocument,
  StopDinoAiAgentRunDocument,
  TriggerDinoAiAgentRunDocument,
  TriggerDinoAiAgentRunWithModelFamilyDocument,
} from '@dinoai/operations'
import {
  buildStopResult,
  createMockDinoAi,
  type MockDinoAiOptions,
  MockDinoAiUsageError,
} from '@dinoai/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('stopDinoaiAgentRun (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  const start = async (options: MockDinoAiOptions = {}) => {
    h = await harness(mode, options)
  }
  const trigger = async (variables: Record<string, unknown>): Promise<string> =>
    (await gql(h, TriggerDinoAiAgentRunDocument, variables)).body.data.triggerDinoaiAgentRun.agentSessionId
  const stop = async (agentSessionId: string) => {
    const result = await gql(h, StopDinoAiAgentRunDocument, { agentSessionId })
    expect(result.status).toBe(200)
    return result.body.data.stopDinoaiAgentRun
  }
  const status = async (agentSessionId: string) =>
    (await gql(h, DinoAiAgentRunDocument, { agentSessionId })).body.data.dinoaiAgentRun.status

  test('a live run becomes STOPPED at once, and stays STOPPED on every later read', async () => {
    await start()
    h.mock.script({ agent: 'forever' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const id = await trigger({ agent: 'forever' })
    expect([await status(id), await status(id)]).toEqual(['QUEUED', 'RUNNING'])
    expect(await stop(id)).toEqual(buildStopResult())
    expect([await status(id), await status(id)]).toEqual(['STOPPED', 'STOPPED'])
    expect(h.mock.runs[0]).toMatchObject({ status: 'STOPPED', pendingSteps: 0 })
  })

  test('a QUEUED run stops too, with its pod never started', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    expect(await stop(id)).toEqual(buildStopResult())
    expect(h.mock.runs[0]?.startupSteps.map((s) => s.done)).toEqual([true, false, false])
  })

  test('a finished run keeps its terminal status, which the result reports; stopping twice is the same', async () => {
    await start()
    h.mock.script({ agent: 'broken' }, [{ status: 'FAILED' }])
    const completed = await trigger({ message: 'hi' })
    h.mock.advance(completed, 2)
    const failed = await trigger({ agent: 'broken' })
    h.mock.advance(failed)
    expect(await stop(completed)).toEqual({ ok: true, status: 'COMPLETED' })
    expect(await stop(failed)).toEqual({ ok: true, status: 'FAILED' })
    expect(await status(completed)).toBe('COMPLETED')
    const live = await trigger({ message: 'again' })
    await stop(live)
    expect(await stop(live)).toEqual(buildStopResult())
  })

  test('an unknown session answers ok: false with status NOT_FOUND, not an error', async () => {
    await start()
    const result = await gql(h, StopDinoAiAgentRunDocument, { agentSessionId: 'dinoai-agent-000000000000' })
    expect(result.status).toBe(200)
    expect(result.body).toEqual({ data: { stopDinoaiAgentRun: { ok: false, status: 'NOT_FOUND' } } })
  })

  test('a follow-up waiting behind the previous turn is live: stopping ends it', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    h.mock.advance(id, 2)
    await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId: id, message: 'more' })
    expect(await stop(id)).toEqual(buildStopResult())
    expect([await status(id), await status(id)]).toEqual(['STOPPED', 'STOPPED'])
  })

  test('a stopped run can be followed up: the new turn runs', async () => {
    await start({ followUpStalePolls: 0 })
    const id = await trigger({ message: 'hi' })
    await stop(id)
    await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId: id, message: 'go on' })
    expect([await status(id), await status(id), await status(id)]).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
  })
})

describe.each(MODES)('model families (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  const trigger = async (variables: Record<string, unknown>) => {
    const result = await gql(h, TriggerDinoAiAgentRunWithModelFamilyDocument, variables)
    expect(result.status).toBe(200)
    return result.body.data.triggerDinoaiAgentRun
  }

  test('a known family starts the run on it, without a warning', async () => {
    h = await harness(mode)
    const result = await trigger({ agent: 'dq', modelFamily: 'gpt' })
    expect(result).toMatchObject({ ok: true, status: 'queued', warning: null })
    expect(h.mock.runs[0]?.modelFamily).toBe('gpt')
  })

  test('an unknown family starts the run on the default and says so in warning', async () => {
    h = await harness(mode)
    const result = await trigger({ agent: 'dq', modelFamily: 'llama' })
    expect(result.ok).toBe(true)
    expect(result.warning).toBe(
      'Unknown model family "llama": the run uses "claude". Known families: claude, gpt, gemini.',
    )
    expect(h.mock.runs[0]?.modelFamily).toBe('claude')
  })

  test('no family (or null, or the old document) is the default, silently', async () => {
    h = await harness(mode)
    expect((await trigger({ agent: 'dq' })).warning).toBeNull()
    expect((await trigger({ agent: 'dq', modelFamily: null })).warning).toBeNull()
    await gql(h, TriggerDinoAiAgentRunDocument, { agent: 'dq' })
    expect(h.mock.runs.map((r) => r.modelFamily)).toEqual(['claude', 'claude', 'claude'])
  })

  test('modelFamilies and defaultModelFamily configure the families', async () => {
    h = await harness(mode, { modelFamilies: ['small', 'large'], defaultModelFamily: 'large' })
    expect((await trigger({ agent: 'a', modelFamily: 'small' })).warning).toBeNull()
    expect((await trigger({ agent: 'a', modelFamily: 'claude' })).warning).toMatch(/uses "large"/)
    expect(h.mock.runs.map((r) => r.modelFamily)).toEqual(['small', 'large'])
  })

  test('child sessions run on their parent family', async () => {
    h = await harness(mode)
    h.mock.script({ agent: 'parent' }, [{ status: 'RUNNING', spawnChild: { agent: 'child' } }])
    const { agentSessionId } = await trigger({ agent: 'parent', modelFamily: 'gemini' })
    h.mock.advance(agentSessionId)
    expect(h.mock.runs.map((r) => r.modelFamily)).toEqual(['gemini', 'gemini'])
  })
})

describe('model family options are checked', () => {
  test.each([
    [{ modelFamilies: [] }, /non-empty array/],
    [{ modelFamilies: ['a', ''] }, /non-empty strings/],
    [
      { defaultModelFamily: 'llama' },
      /defaultModelFamily "llama" is not one of modelFamilies \(claude, gpt, gemini\)/,
    ],
  ] as const)('%j', (options, message) => {
    expect(() => createMockDinoAi(options)).toThrow(MockDinoAiUsageError)
    expect(() => createMockDinoAi(options)).toThrow(message)
  })
})
