import { afterEach, describe, expect, test } from 'vitest'
import { FAST, type Harness, harness, MODES } from './helpers.js'

// An older backend answers any field or argument it does not know with HTTP 400. So a caller who
// uses none of the newer options (modelFamily, steps, stopRun) must send exactly the documents the
// client sent before those options existed. The expected bodies below were recorded from that
// client; any byte of difference fails here.

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

interface SentBody {
  operationName: string
  query: string
  variables: Record<string, unknown>
}

function recording(fetch: Fetch, bodies: SentBody[]): Fetch {
  return (input, init) => {
    if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body) as SentBody)
    return fetch(input, init)
  }
}

const OLD_TRIGGER =
  'mutation TriggerDinoaiAgentRun($agent: String, $message: String, $slack: DinoAiAgentSlackInput, $baseBranch: String) {\n  triggerDinoaiAgentRun(\n    agent: $agent\n    message: $message\n    slack: $slack\n    baseBranch: $baseBranch\n  ) {\n    ok\n    agentSessionId\n    status\n  }\n}'
const OLD_SEND =
  'mutation SendDinoaiAgentMessage($agentSessionId: String!, $message: String!) {\n  sendDinoaiAgentMessage(agentSessionId: $agentSessionId, message: $message) {\n    ok\n    agentSessionId\n    status\n  }\n}'
const RUN_FIELDS =
  'fragment DinoAiAgentRunFields on DinoAiAgentRun {\n  ok\n  agentSessionId\n  status\n  messages {\n    ts\n    role\n    content\n  }\n  childSessionIds\n  workspaceUid\n}'
const OLD_READ = `query DinoaiAgentRun($agentSessionId: String!) {\n  dinoaiAgentRun(agentSessionId: $agentSessionId) {\n    ...DinoAiAgentRunFields\n  }\n}\n${RUN_FIELDS}`
const OLD_BATCH_OF_2 = `query DinoaiAgentRunBatch($s0: String!, $s1: String!) {\n  s0: dinoaiAgentRun(agentSessionId: $s0) {\n    ...DinoAiAgentRunFields\n  }\n  s1: dinoaiAgentRun(agentSessionId: $s1) {\n    ...DinoAiAgentRunFields\n  }\n}\n${RUN_FIELDS}`

// Words that only the newer documents contain.
const NEWER = /modelFamily|warning|steps|startupSteps|stopDinoaiAgentRun|after|includeToolIo|maxChars/

describe('a caller without the newer options sends the older documents, byte for byte', () => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('every method and wait helper', async () => {
    h = await harness('in-process')
    const bodies: SentBody[] = []
    const client = h.client({ fetch: recording(h.fetch, bodies) })

    const accepted = await client.triggerRun({
      agent: 'data-quality-checker',
      message: 'Check stg_orders',
      slack: { channel: 'C0123456789', threadTs: '1714142436.001200' },
      baseBranch: 'main',
    })
    const id = accepted.agentSessionId
    await client.getRun(id)
    await client.waitForRun(id, FAST)
    await client.sendMessage(id, 'And stg_payments?')
    await client.sendMessageAndWait(id, 'And stg_customers?', FAST)
    for await (const _event of client.watchRun(id, FAST)) {
      // drained
    }
    const other = await client.triggerRunAndWait({ message: 'second' }, FAST)
    await client.waitForRunTree(other.agentSessionId, FAST)
    // Two sessions read in the same tick go out as one aliased batch.
    const a = (await client.triggerRun({ message: 'a' })).agentSessionId
    const b = (await client.triggerRun({ message: 'b' })).agentSessionId
    await Promise.all([client.waitForRun(a, FAST), client.waitForRun(b, FAST)])

    const documents = new Map(bodies.map((body) => [body.operationName, body.query]))
    expect([...documents.keys()].sort()).toEqual([
      'DinoaiAgentRun',
      'DinoaiAgentRunBatch',
      'SendDinoaiAgentMessage',
      'TriggerDinoaiAgentRun',
    ])
    expect(documents.get('TriggerDinoaiAgentRun')).toBe(OLD_TRIGGER)
    expect(documents.get('SendDinoaiAgentMessage')).toBe(OLD_SEND)
    expect(documents.get('DinoaiAgentRun')).toBe(OLD_READ)
    expect(documents.get('DinoaiAgentRunBatch')).toBe(OLD_BATCH_OF_2)
    for (const body of bodies) {
      expect(body.query).not.toMatch(NEWER)
      expect(Object.keys(body.variables).join(' ')).not.toMatch(NEWER)
    }
    expect(bodies.find((b) => b.operationName === 'TriggerDinoaiAgentRun')?.variables).toEqual({
      agent: 'data-quality-checker',
      message: 'Check stg_orders',
      slack: { channel: 'C0123456789', threadTs: '1714142436.001200' },
      baseBranch: 'main',
    })
    expect(bodies.find((b) => b.operationName === 'DinoaiAgentRunBatch')?.variables).toEqual({ s0: a, s1: b })
  })
})

describe.each(MODES)('against an older backend (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('a caller without the newer options never gets a 400', async () => {
    // legacy: the schema from before model families, steps and stop: their fields get HTTP 400.
    h = await harness(mode, { legacy: true, followUpStalePolls: 2 })
    const client = h.client()
    const run = await client.triggerRunAndWait({ agent: 'dq', message: 'Check', baseBranch: 'main' }, FAST)
    expect(run.status).toBe('COMPLETED')
    expect((await client.getRun(run.agentSessionId)).status).toBe('COMPLETED')
    await client.sendMessage(run.agentSessionId, 'And this?')
    await client.waitForRun(run.agentSessionId, FAST)
    const reply = await client.sendMessageAndWait(run.agentSessionId, 'And that?', FAST)
    expect(reply.messages.at(-1)?.content).toMatch(/And that\?/)
    const events = []
    for await (const event of client.watchRun(run.agentSessionId, { ...FAST, steps: false }))
      events.push(event)
    expect(events.at(-1)?.type).toBe('completed')
    const ids = await Promise.all([
      client.triggerRun({ message: 'a' }).then((a) => a.agentSessionId),
      client.triggerRun({ message: 'b' }).then((b) => b.agentSessionId),
    ])
    await Promise.all(ids.map((id) => client.waitForRunTree(id, FAST)))
    expect(h.mock.requests.map((r) => r.status).filter((status) => status !== 200)).toEqual([])
    expect(new Set(h.mock.requests.map((r) => r.operationName))).toEqual(
      new Set(['TriggerDinoaiAgentRun', 'DinoaiAgentRun', 'DinoaiAgentRunBatch', 'SendDinoaiAgentMessage']),
    )
  })

  test('the same backend answers a newer document with a 400 (so the test above could fail)', async () => {
    h = await harness(mode, { legacy: true })
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    await expect(client.getRun(agentSessionId, { steps: true })).rejects.toMatchObject({ status: 400 })
  })
})
