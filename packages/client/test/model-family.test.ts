import { DinoAiGraphQLError, DinoAiValidationError, type DinoAiWarning } from '@dinoai/client'
import { afterEach, describe, expect, test } from 'vitest'
import { FAST, type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('model families (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('modelFamily sends the newer trigger with the family; a known one brings no warning', async () => {
    h = await harness(mode)
    const warnings: DinoAiWarning[] = []
    const accepted = await h
      .client()
      .triggerRun({ agent: 'dq', modelFamily: 'gpt' }, { onWarning: (w) => warnings.push(w) })
    expect(accepted).toEqual({
      agentSessionId: h.mock.runs[0]?.agentSessionId,
      status: 'queued',
      warning: null,
    })
    expect(warnings).toEqual([])
    const [request] = h.mock.requests
    expect(request?.operationName).toBe('TriggerDinoaiAgentRunWithModelFamily')
    expect(request?.variables).toEqual({ agent: 'dq', modelFamily: 'gpt' })
    expect(h.mock.runs[0]?.modelFamily).toBe('gpt')
  })

  test('an unknown family starts the run on the default, with the warning in the result and onWarning', async () => {
    h = await harness(mode)
    const warnings: DinoAiWarning[] = []
    const accepted = await h
      .client()
      .triggerRun({ message: 'hi', modelFamily: 'llama' }, { onWarning: (w) => warnings.push(w) })
    expect(accepted.warning).toMatch(/llama/)
    expect(warnings).toEqual([
      {
        code: 'MODEL_FAMILY',
        message: accepted.warning,
        agentSessionId: accepted.agentSessionId,
        errors: [],
      },
    ])
    expect(h.mock.runs[0]?.modelFamily).toBe('claude')
  })

  test('triggerRunAndWait reports the warning before it waits', async () => {
    h = await harness(mode)
    const seen: string[] = []
    const run = await h.client().triggerRunAndWait(
      { message: 'hi', modelFamily: 'llama' },
      {
        ...FAST,
        onWarning: (w) => seen.push(`warning ${w.code}`),
        onUpdate: (r) => seen.push(`update ${r.status}`),
      },
    )
    expect(run.status).toBe('COMPLETED')
    expect(seen).toEqual(['warning MODEL_FAMILY', 'update QUEUED', 'update RUNNING', 'update COMPLETED'])
  })

  test('a blank or non-string model family is refused before anything is sent', async () => {
    h = await harness(mode)
    const client = h.client()
    for (const modelFamily of ['', '  ']) {
      const error = await client.triggerRun({ agent: 'dq', modelFamily }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DinoAiValidationError)
      expect((error as DinoAiValidationError).field).toBe('modelFamily')
      expect((error as DinoAiValidationError).message).toMatch(/omit it to run on the default family/)
    }
    expect(h.mock.requests).toHaveLength(0)
  })

  test('an older backend refuses a model family with a 400 that names the option', async () => {
    h = await harness(mode, { legacy: true })
    const client = h.client()
    const error = await client.triggerRun({ agent: 'dq', modelFamily: 'gpt' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect((error as DinoAiGraphQLError).status).toBe(400)
    expect((error as DinoAiGraphQLError).message).toMatch(
      /triggerRun with modelFamily needs a newer DinoAI API/,
    )
    // A 400 is an answer: the mutation was not retried, and no run was started.
    expect(h.mock.requests).toHaveLength(1)
    expect(h.mock.runs).toHaveLength(0)
    // Without the option, the same backend starts the run.
    expect((await client.triggerRun({ agent: 'dq' })).warning).toBeNull()
  })
})
