// Record and replay through every verb of the client: a recorder (real HTTP) in front of the HTTP
// mock as the upstream, then the cassette replayed in-process. The same calls give the same
// results, session ids aside (a replay hands out fresh ones).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDinoAiClient, type DinoAiClient, DinoAiError } from '@dinoai/client'
import {
  createMockDinoAi,
  type MockDinoAiControls,
  startDinoAiRecorder,
  startMockDinoAiServer,
} from '@dinoai/testing'
import { afterEach, expect, test } from 'vitest'
import { API_KEY, API_SECRET, createVirtualClock, FAST } from './helpers.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** The scenarios the upstream plays: a run with a child, a run that never ends (to be stopped). */
function script(mock: MockDinoAiControls): void {
  mock.script({ agent: 'parent' }, [
    { status: 'RUNNING', spawnChild: { agent: 'profiler', message: 'Profile stg_orders' } },
    { message: { role: 'agent', content: 'Profiled.' }, status: 'COMPLETED' },
  ])
  mock.script({ agent: 'stuck' }, [{ neverEnding: true }])
}

/** Every verb of the client, one after another; what each returned or threw. */
async function everyVerb(client: DinoAiClient): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  const completed = await client.triggerRunAndWait(
    { agent: 'data-quality-checker', message: 'Check stg_orders' },
    FAST,
  )
  out.triggerRunAndWait = completed
  const id = completed.agentSessionId
  out.sendMessageAndWait = await client.sendMessageAndWait(id, 'And stg_payments?', FAST)
  out.getRun = await client.getRun(id)
  out.getRunWithSteps = await client.getRun(id, { steps: true })
  out.sendMessage = await client.sendMessage(id, 'Open a PR')
  out.waitForRun = await client.waitForRun(id, FAST)

  const warnings: unknown[] = []
  const accepted = await client.triggerRun({
    agent: 'reviewer',
    message: 'Review it',
    modelFamily: 'no-such-family',
  })
  out.triggerRun = accepted
  const events: unknown[] = []
  for await (const event of client.watchRun(accepted.agentSessionId, {
    ...FAST,
    steps: true,
    onWarning: (w) => warnings.push(w),
  }))
    events.push(event)
  out.watchRun = events
  out.warnings = warnings

  const stuck = await client.triggerRun({ agent: 'stuck' })
  out.stopRun = await client.stopRun(stuck.agentSessionId)
  out.stopped = await client.getRun(stuck.agentSessionId)

  const parent = await client.triggerRun({ agent: 'parent' })
  out.waitForRunTree = await client.waitForRunTree(parent.agentSessionId, FAST)

  const failure = await client.getRun('dinoai-agent-000000000000').catch((e: unknown) => e)
  out.unknownSession =
    failure instanceof DinoAiError
      ? { name: failure.name, code: failure.code, message: failure.message }
      : failure
  return out
}

/** The value as JSON with each session id replaced by its order of first appearance: `<id-1>`, `<id-2>`, ... */
function sessionsNumbered(value: unknown): unknown {
  const seen = new Map<string, string>()
  const text = JSON.stringify(value).replace(/dinoai-agent-(?!000000000000)[0-9a-f]{12}/g, (id) => {
    if (!seen.has(id)) seen.set(id, `<id-${seen.size + 1}>`)
    return seen.get(id) ?? id
  })
  return JSON.parse(text)
}

test('every verb of the client gives the same results from the cassette as it did from the API', async () => {
  dir = mkdtempSync(join(tmpdir(), 'dinoai-client-cassette-'))
  const cassette = join(dir, 'every-verb.ndjson')
  const upstream = await startMockDinoAiServer({ credentials: { apiKey: API_KEY, apiSecret: API_SECRET } })
  script(upstream)
  const recorder = await startDinoAiRecorder({
    upstream: upstream.url,
    cassette,
    secrets: [API_KEY, API_SECRET],
  })
  const clock = createVirtualClock()
  let recorded: Record<string, unknown>
  try {
    const client = createDinoAiClient({
      endpoint: recorder.url,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      fetch: clock.track(fetch),
      clock,
      requestTimeoutMs: 0,
    })
    recorded = await everyVerb(client)
  } finally {
    await recorder.close()
    await upstream.close()
  }
  const text = readFileSync(cassette, 'utf8')
  expect(text).not.toContain(API_SECRET)
  expect(text).not.toContain(API_KEY)
  // The run tree really has a child, and the warning really came: the comparison below is of something.
  expect(recorded.waitForRunTree).toMatchObject({ children: [{ run: { status: 'COMPLETED' } }] })
  expect(recorded.triggerRun).toMatchObject({ warning: expect.stringContaining('no-such-family') })

  const mock = createMockDinoAi({ replay: cassette })
  const replayClient = createDinoAiClient({
    endpoint: mock.url,
    apiKey: 'any-key',
    apiSecret: 'any-secret',
    fetch: mock.fetch,
    clock: mock.clock,
  })
  const replayed = await everyVerb(replayClient)
  expect(sessionsNumbered(replayed)).toEqual(sessionsNumbered(recorded))
  mock.replay.assertDone()
})
