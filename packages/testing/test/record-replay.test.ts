import { readFileSync } from 'node:fs'
import {
  DinoAiAgentRunDocument,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import {
  CassetteError,
  createMockDinoAi,
  recordDinoAi,
  startDinoAiRecorder,
  startMockDinoAiServer,
} from '@dinoai/testing'
import { print } from 'graphql'
import { describe, expect, test } from 'vitest'
import { lines, post, useCassetteDir } from './cassette-helpers.js'

const KEY = 'rec-key-0123456789'
const SECRET = 'rec-secret-abcdefghij'
const credentials = { apiKey: KEY, apiSecret: SECRET }
const auth = { 'x-api-key': KEY, 'x-api-secret': SECRET }

const cassettePath = useCassetteDir()

/** Records trigger, polls to completion, a follow-up and its polls, through a recorder server in front of the mock server. */
async function recordSession(file: string) {
  const upstream = await startMockDinoAiServer({ credentials })
  const recorder = await startDinoAiRecorder({
    upstream: upstream.url,
    cassette: file,
    headers: auth,
    secrets: [KEY, SECRET],
  })
  const answers: unknown[] = []
  try {
    const ask = async (document: Parameters<typeof post>[2], variables: Record<string, unknown>) => {
      const answer = await post(fetch, recorder.url, document, variables)
      answers.push(answer)
      return answer
    }
    const trigger = await ask(TriggerDinoAiAgentRunDocument, {
      agent: 'data-quality-checker',
      message: 'Check stg_orders',
    })
    const agentSessionId: string = trigger.body.data.triggerDinoaiAgentRun.agentSessionId
    for (let i = 0; i < 3; i++) await ask(DinoAiAgentRunDocument, { agentSessionId })
    await ask(SendDinoAiAgentMessageDocument, { agentSessionId, message: 'And stg_payments?' })
    for (let i = 0; i < 3; i++) await ask(DinoAiAgentRunDocument, { agentSessionId })
    return { answers, agentSessionId, upstreamRequests: upstream.requests }
  } finally {
    await recorder.close()
    await upstream.close()
  }
}

/** Replaces the session ids of a value's JSON with `<id>`, to compare two runs of one recording. */
const withoutIds = (value: unknown, ids: readonly string[]): unknown =>
  JSON.parse(ids.reduce((text, id) => text.split(id).join('<id>'), JSON.stringify(value)))

describe('recording', () => {
  test('forwards with the recorder credentials, answers what upstream answered, and writes one line per exchange', async () => {
    const file = cassettePath()
    const { answers, upstreamRequests, agentSessionId } = await recordSession(file)
    // Upstream checked the credentials the recorder added: every request passed.
    expect(upstreamRequests.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(answers.at(3)).toMatchObject({ body: { data: { dinoaiAgentRun: { status: 'COMPLETED' } } } })

    const [header, ...exchanges] = lines(readFileSync(file, 'utf8'))
    expect(header).toMatchObject({
      cassette: 'dinoai',
      version: 1,
      schemaHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    })
    expect(Number.isNaN(Date.parse(header.recordedAt))).toBe(false)
    expect(exchanges.map((e) => e.operationName)).toEqual([
      'TriggerDinoaiAgentRun',
      'DinoaiAgentRun',
      'DinoaiAgentRun',
      'DinoaiAgentRun',
      'SendDinoaiAgentMessage',
      'DinoaiAgentRun',
      'DinoaiAgentRun',
      'DinoaiAgentRun',
    ])
    for (const e of exchanges) {
      expect(e.queryHash).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(typeof e.query).toBe('string')
      expect(e.at).toBeGreaterThanOrEqual(0)
      expect(e.ms).toBeGreaterThanOrEqual(0)
    }
    expect(exchanges[1].queryHash).toBe(exchanges[2].queryHash)
    expect(exchanges[0].queryHash).not.toBe(exchanges[1].queryHash)
    // The session id became a placeholder everywhere: in the answer that made it and in later requests.
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(agentSessionId)
    expect(exchanges[0].response.body.data.triggerDinoaiAgentRun.agentSessionId).toBe('<session-1>')
    expect(exchanges[1].variables).toEqual({ agentSessionId: '<session-1>' })
  })

  test('upstream failures pass through unchanged and are recorded as they were: 401, 500, a reset, GraphQL errors', async () => {
    const file = cassettePath()
    const upstream = await startMockDinoAiServer({ credentials })
    // No `headers`: the caller's own credentials go upstream, as when a test's client holds them.
    const recorder = recordDinoAi({ upstream: upstream.url, cassette: file })
    try {
      const refused = await post(
        recorder.fetch,
        'https://any.host/graphql',
        TriggerDinoAiAgentRunDocument,
        { agent: 'a' },
        { ...auth, 'x-api-secret': 'wrong-secret-000' },
      )
      expect(refused.status).toBe(401)
      upstream.failNext(1, { kind: 'http', status: 500 })
      const failed = await post(
        recorder.fetch,
        upstream.url,
        TriggerDinoAiAgentRunDocument,
        { agent: 'a' },
        auth,
      )
      expect(failed).toEqual({
        status: 500,
        body: {
          errors: [{ message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        },
      })
      upstream.failNext(1, { kind: 'network', afterProcessing: true })
      const reset = await post(
        recorder.fetch,
        upstream.url,
        TriggerDinoAiAgentRunDocument,
        { agent: 'a' },
        auth,
      ).catch((e: unknown) => e)
      expect(reset).toBeInstanceOf(TypeError)
      expect((reset as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET')
      const unknown = await post(
        recorder.fetch,
        upstream.url,
        DinoAiAgentRunDocument,
        { agentSessionId: 'dinoai-agent-000000000000' },
        auth,
      )
      expect(unknown.status).toBe(200)
      expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND')
      const invalid = await post(
        recorder.fetch,
        upstream.url,
        '{ dinoaiAgentRun(agentSessionId: "x") { nope } }',
        {},
        auth,
      )
      expect(invalid.status).toBe(400)
    } finally {
      await recorder.close()
      await upstream.close()
    }
    expect(recorder.exchanges).toBe(5)
    const [, ...exchanges] = lines(readFileSync(file, 'utf8'))
    expect(exchanges.map((e) => e.response.status ?? e.response.network)).toEqual([
      401,
      500,
      'ECONNRESET',
      200,
      400,
    ])
    expect(exchanges[1].response.body).toEqual({
      errors: [{ message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    })
    // An id the caller sent before any answer named it is the caller's: it stays as it was.
    expect(exchanges[3].variables).toEqual({ agentSessionId: 'dinoai-agent-000000000000' })
  })

  test('no secret reaches the cassette: not the headers, not the body, not an echo in the answer', async () => {
    const file = cassettePath()
    const bearer = 'prdm_wsp_bearer0123456789'
    const upstream = await startMockDinoAiServer({ credentials: { apiKey: KEY, apiSecret: bearer } })
    const recorder = recordDinoAi({ upstream: upstream.url, cassette: file, secrets: [KEY] })
    try {
      const headers = { authorization: `Bearer ${bearer}`, cookie: 'session=cookie-value-xyz' }
      // The mock's agent echoes the message in its reply, as a real one may quote what it was told.
      const trigger = await post(
        recorder.fetch,
        upstream.url,
        TriggerDinoAiAgentRunDocument,
        { message: `my key is ${KEY} and my token ${bearer}` },
        headers,
      )
      const agentSessionId = trigger.body.data.triggerDinoaiAgentRun.agentSessionId
      for (let i = 0; i < 3; i++)
        await post(recorder.fetch, upstream.url, DinoAiAgentRunDocument, { agentSessionId }, headers)
      const reply = await post(
        recorder.fetch,
        upstream.url,
        DinoAiAgentRunDocument,
        { agentSessionId },
        headers,
      )
      expect(JSON.stringify(reply.body)).toContain(bearer)
    } finally {
      await recorder.close()
      await upstream.close()
    }
    const text = readFileSync(file, 'utf8')
    for (const secret of [KEY, bearer, 'cookie-value-xyz']) expect(text).not.toContain(secret)
    expect(text).toContain('my key is [redacted] and my token [redacted]')
    expect(text).not.toMatch(/authorization|x-api-key|cookie/i)
  })

  test('a cassette that already holds exchanges is not recorded over unless asked', async () => {
    const file = cassettePath()
    await recordSession(file)
    expect(() => recordDinoAi({ upstream: 'http://127.0.0.1:9/graphql', cassette: file })).toThrow(
      CassetteError,
    )
    expect(() => recordDinoAi({ upstream: 'http://127.0.0.1:9/graphql', cassette: file })).toThrow(
      /already exists: delete it to record again, or pass overwrite/,
    )
    const recorder = recordDinoAi({ upstream: 'http://127.0.0.1:9/graphql', cassette: file, overwrite: true })
    await recorder.close()
    expect(lines(readFileSync(file, 'utf8'))).toHaveLength(1)
  })
})

test('a request its caller gave up on is not recorded: no code saw its answer', async () => {
  const file = cassettePath()
  let arrived: () => void = () => {}
  const stalled = new Promise<void>((resolve) => {
    arrived = resolve
  })
  const upstream = await startMockDinoAiServer({
    sleep: (_ms, signal) => {
      arrived()
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)))
    },
  })
  const recorder = recordDinoAi({ upstream: upstream.url, cassette: file })
  try {
    upstream.failNext(1, { kind: 'slow', delayMs: 1 })
    const controller = new AbortController()
    const answer = recorder
      .fetch(upstream.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
        signal: controller.signal,
      })
      .catch((e: unknown) => e)
    await stalled
    controller.abort()
    expect(await answer).toMatchObject({ name: 'AbortError' })
    await post(recorder.fetch, upstream.url, '{ __typename }')
  } finally {
    await recorder.close()
    await upstream.close()
  }
  expect(recorder.exchanges).toBe(1)
  expect(lines(readFileSync(file, 'utf8'))).toHaveLength(2)
})

describe('replay', () => {
  test('the layout of a document and the order of its variables do not count', async () => {
    const file = cassettePath()
    await recordSession(file)
    const mock = createMockDinoAi({ replay: file })
    const spaced = `# a comment\n${print(TriggerDinoAiAgentRunDocument).replaceAll(' ', '   ')}`
    const trigger = await post(mock.fetch, mock.url, spaced, {
      message: 'Check stg_orders',
      agent: 'data-quality-checker',
    })
    expect(trigger.status).toBe(200)
    expect(trigger.body.data.triggerDinoaiAgentRun.status).toBe('queued')
  })

  test('answers what was recorded, in order, with fresh session ids; assertDone passes when all was used', async () => {
    const file = cassettePath()
    const recorded = await recordSession(file)
    const mock = createMockDinoAi({ replay: file })
    const answers: unknown[] = []
    const ask = async (document: Parameters<typeof post>[2], variables: Record<string, unknown>) => {
      const answer = await post(mock.fetch, mock.url, document, variables)
      answers.push(answer)
      return answer
    }
    const trigger = await ask(TriggerDinoAiAgentRunDocument, {
      agent: 'data-quality-checker',
      message: 'Check stg_orders',
    })
    const agentSessionId: string = trigger.body.data.triggerDinoaiAgentRun.agentSessionId
    expect(agentSessionId).toMatch(/^dinoai-agent-[0-9a-f]{12}$/)
    expect(agentSessionId).not.toBe(recorded.agentSessionId)
    for (let i = 0; i < 3; i++) await ask(DinoAiAgentRunDocument, { agentSessionId })
    await ask(SendDinoAiAgentMessageDocument, { agentSessionId, message: 'And stg_payments?' })
    for (let i = 0; i < 3; i++) await ask(DinoAiAgentRunDocument, { agentSessionId })
    expect(withoutIds(answers, [agentSessionId])).toEqual(
      withoutIds(recorded.answers, [recorded.agentSessionId]),
    )
    expect(mock.replay.pending).toEqual([])
    expect(() => mock.replay.assertDone()).not.toThrow()
    expect(mock.requests.map((r) => r.status)).toEqual(Array(8).fill(200))
  })

  test('a request the recording never saw gets HTTP 500 naming the nearest recorded one and what differs', async () => {
    const file = cassettePath()
    await recordSession(file)
    const mock = createMockDinoAi({ replay: file })
    const other = await post(mock.fetch, mock.url, TriggerDinoAiAgentRunDocument, {
      agent: 'data-quality-checker',
      message: 'Check stg_customers',
    })
    expect(other.status).toBe(500)
    expect(other.body.errors[0].extensions.code).toBe('REPLAY_UNMATCHED')
    expect(other.body.errors[0].message).toBe(
      `No recorded exchange matches TriggerDinoaiAgentRun with variables {"agent":"data-quality-checker","message":"Check stg_customers"}. Nearest: ${file}:2 (TriggerDinoaiAgentRun), which differs in variables.message: recorded "Check stg_orders", sent "Check stg_customers".`,
    )
    expect(mock.replay.unmatched).toHaveLength(1)
    expect(() => mock.replay.assertDone()).toThrow(CassetteError)
    expect(() => mock.replay.assertDone()).toThrow(
      /8 recorded exchanges were never used \(lines 2 TriggerDinoaiAgentRun, 3 DinoaiAgentRun/,
    )
  })

  test('one poll more than recorded is unmatched, and says the equal ones were used', async () => {
    const file = cassettePath()
    await recordSession(file)
    const mock = createMockDinoAi({ replay: file })
    const trigger = await post(mock.fetch, mock.url, TriggerDinoAiAgentRunDocument, {
      agent: 'data-quality-checker',
      message: 'Check stg_orders',
    })
    const agentSessionId = trigger.body.data.triggerDinoaiAgentRun.agentSessionId
    const statuses = []
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await post(mock.fetch, mock.url, DinoAiAgentRunDocument, { agentSessionId })).body.data
          ?.dinoaiAgentRun.status,
      )
    // The follow-up was not sent, so the polls after it are the next recorded ones for this request.
    expect(statuses).toEqual([
      'QUEUED',
      'RUNNING',
      'COMPLETED',
      'COMPLETED',
      'RUNNING',
      'COMPLETED',
      undefined,
    ])
    expect(mock.replay.unmatched[0]).toMatch(
      /No recorded exchange left for DinoaiAgentRun .*: the 6 at .*cassette\.ndjson:3, 4, 5, 7, 8, 9 were already used/,
    )
    expect(mock.replay.pending.map((p) => p.operationName)).toEqual(['SendDinoaiAgentMessage'])
  })
})
