import { DinoAiAgentRunDocument, TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import { afterEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

describe.each(MODES)('recording and reset (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  test('requests records operation, variables, status and headers with secrets redacted', async () => {
    h = await harness(mode, { credentials: { apiKey: 'k1', apiSecret: 's3cret-value' } })
    await gql(
      h,
      TriggerDinoAiAgentRunDocument,
      { agent: 'dq', message: 'hi' },
      {
        'x-api-key': 'k1',
        'x-api-secret': 's3cret-value',
        'x-trace': 'abc',
      },
    )
    await gql(
      h,
      DinoAiAgentRunDocument,
      { agentSessionId: 'missing' },
      { authorization: 'Bearer s3cret-value' },
    )
    const [trigger, poll] = h.mock.requests
    expect(trigger).toMatchObject({
      method: 'POST',
      operationName: 'TriggerDinoaiAgentRun',
      variables: { agent: 'dq', message: 'hi' },
      status: 200,
      fault: null,
      errors: [],
    })
    expect(trigger?.headers).toMatchObject({
      'x-api-key': '[redacted]',
      'x-api-secret': '[redacted]',
      'x-trace': 'abc',
    })
    expect(poll).toMatchObject({ operationName: 'DinoaiAgentRun', status: 401 })
    expect(poll?.headers.authorization).toBe('[redacted]')
    expect(JSON.stringify(h.mock.requests)).not.toContain('s3cret-value')
  })

  test('requests and runs are snapshots: changing them does not change the mock', async () => {
    h = await harness(mode)
    await gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })
    const run = h.mock.runs[0]
    run?.messages.push({ ts: 0, role: 'user', content: 'injected' })
    h.mock.requests.pop()
    expect(h.mock.runs[0]?.messages).toHaveLength(1)
    expect(h.mock.requests).toHaveLength(1)
  })

  test('reset() clears runs, scripts, faults and requests; ids start over', async () => {
    h = await harness(mode)
    const first = (await gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })).body.data
      .triggerDinoaiAgentRun.agentSessionId
    h.mock.script({}, [{ status: 'FAILED' }])
    h.mock.failNext(5, { kind: 'http', status: 500 })
    h.mock.reset()
    expect(h.mock.runs).toEqual([])
    expect(h.mock.requests).toEqual([])
    const again = await gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' })
    expect(again.status).toBe(200)
    expect(again.body.data.triggerDinoaiAgentRun.agentSessionId).toBe(first)
    expect(again.response.headers.get('x-request-id')).toBe('mock-req-00000001')
    await gql(h, DinoAiAgentRunDocument, { agentSessionId: first })
    // The FAILED script is gone: the default lifecycle runs.
    const second = await gql(h, DinoAiAgentRunDocument, { agentSessionId: first })
    expect(second.body.data.dinoaiAgentRun.status).toBe('RUNNING')
  })
})
