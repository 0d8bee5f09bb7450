import {
  DinoAiNetworkError,
  DinoAiNotAcceptedError,
  DinoAiRunExpiredError,
  DinoAiRunFailedError,
  DinoAiRunStoppedError,
  DinoAiValidationError,
  type RunEvent,
} from '@dinoai/client'
import { afterEach, describe, expect, test } from 'vitest'
import { FAST, type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('stopRun and how waits end (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('stopping a live run returns STOPPED, and the next read shows it', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'long' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'long' })
    await client.getRun(agentSessionId)
    expect(await client.stopRun(agentSessionId)).toEqual({ agentSessionId, status: 'STOPPED' })
    expect((await client.getRun(agentSessionId)).status).toBe('STOPPED')
    const stop = h.mock.requests.find((r) => r.operationName === 'StopDinoaiAgentRun')
    expect(stop?.variables).toEqual({ agentSessionId })
  })

  test('a wait on a run stopped meanwhile rejects with DinoAiRunStoppedError (RUN_STOPPED)', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'long' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'long' })
    const waiting = client.waitForRun(agentSessionId, {
      ...FAST,
      // Stop it as soon as it runs: the wait must end on the next read.
      onUpdate: (run) => {
        if (run.status === 'RUNNING') void client.stopRun(agentSessionId)
      },
    })
    const error = await waiting.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiRunStoppedError)
    expect(error).toBeInstanceOf(DinoAiRunFailedError)
    expect((error as DinoAiRunStoppedError).code).toBe('RUN_STOPPED')
    expect((error as DinoAiRunStoppedError).run.status).toBe('STOPPED')
    expect((error as DinoAiRunStoppedError).message).toMatch(/was stopped/)
    expect(h.clock.pending()).toBe(0)
  })

  test('watchRun ends with a failed event carrying DinoAiRunStoppedError', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'long' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'long' })
    const events: RunEvent[] = []
    for await (const event of client.watchRun(agentSessionId, FAST)) {
      events.push(event)
      if (event.type === 'status' && event.status === 'RUNNING') await client.stopRun(agentSessionId)
    }
    const last = events.at(-1)
    expect(last?.type).toBe('failed')
    expect(last?.type === 'failed' && last.error).toBeInstanceOf(DinoAiRunStoppedError)
  })

  test('EXPIRED rejects with DinoAiRunExpiredError (RUN_EXPIRED)', async () => {
    h = await harness(mode)
    h.mock.script({ agent: 'never-starts' }, [{ status: 'EXPIRED' }])
    const error = await h
      .client()
      .triggerRunAndWait({ agent: 'never-starts' }, FAST)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiRunExpiredError)
    expect(error).toBeInstanceOf(DinoAiRunFailedError)
    expect((error as DinoAiRunExpiredError).code).toBe('RUN_EXPIRED')
    expect((error as DinoAiRunExpiredError).message).toMatch(/agent pod never started/)
  })

  test('stopping a finished run reports the status it kept', async () => {
    h = await harness(mode)
    const client = h.client()
    const run = await client.triggerRunAndWait({ message: 'quick' }, FAST)
    expect(await client.stopRun(run.agentSessionId)).toEqual({
      agentSessionId: run.agentSessionId,
      status: 'COMPLETED',
    })
  })

  test('an unknown session is not accepted; a bad id is refused before sending', async () => {
    h = await harness(mode)
    const client = h.client()
    const error = await client.stopRun('dinoai-agent-000000000000').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiNotAcceptedError)
    expect((error as DinoAiNotAcceptedError).serverStatus).toBe('NOT_FOUND')
    expect((error as DinoAiNotAcceptedError).agentSessionId).toBe('dinoai-agent-000000000000')
    expect((error as DinoAiNotAcceptedError).operationName).toBe('StopDinoaiAgentRun')
    const requests = h.mock.requests.length
    await expect(client.stopRun('')).rejects.toBeInstanceOf(DinoAiValidationError)
    expect(h.mock.requests).toHaveLength(requests)
  })

  test('a stop that may have been processed is not sent again', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    h.mock.failNext(1, { kind: 'network', afterProcessing: true })
    await expect(client.stopRun(agentSessionId)).rejects.toBeInstanceOf(DinoAiNetworkError)
    expect(h.mock.requests.filter((r) => r.operationName === 'StopDinoaiAgentRun')).toHaveLength(1)
  })

  test('an older backend refuses stopRun with a 400 that names it', async () => {
    h = await harness(mode, { legacy: true })
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    await expect(client.stopRun(agentSessionId)).rejects.toThrow(/stopRun needs a newer DinoAI API/)
  })
})
