import {
  type DinoAiAgentRunWithSteps,
  DinoAiGraphQLError,
  DinoAiValidationError,
  type DinoAiWarning,
  type WatchEvent,
} from '@dinoai/client'
import type { RecordedRequest } from '@dinoai/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { API_SECRET, FAST, type Harness, harness, MODES, readRequests } from './helpers.js'

const withSteps = (requests: readonly RecordedRequest[]) =>
  requests.filter((r) => r.operationName?.startsWith('DinoaiAgentRunWithSteps'))

/** A compact view of watch events, for comparing sequences. */
function describeEvent(event: WatchEvent): string {
  switch (event.type) {
    case 'status':
      return `status ${event.status}`
    case 'message':
      return `message ${event.message.role}`
    case 'step':
      return `step ${event.step.index} ${event.step.role}${event.step.toolName ? ` ${event.step.toolName}` : ''}`
    case 'startup':
      return `startup ${event.startupSteps.filter((s) => s.done).length}/${event.startupSteps.length}`
    case 'warning':
      return `warning ${event.warning.code}`
    case 'completed':
      return 'completed'
    case 'failed':
      return `failed ${event.error.code}`
  }
}

describe.each(MODES)('getRun with steps (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('returns the steps and the start-up checklist, with the options sent as variables', async () => {
    h = await harness(mode)
    const client = h.client()
    const run = await client.triggerRunAndWait({ message: 'Count the orders' }, FAST)
    const all: DinoAiAgentRunWithSteps = await client.getRun(run.agentSessionId, { steps: true })
    expect(all.status).toBe('COMPLETED')
    expect(all.steps?.map((s) => [s.index, s.role])).toEqual([
      [0, 'USER'],
      [1, 'TOOL'],
      [2, 'AGENT'],
    ])
    expect(all.startupSteps?.every((s) => s.done)).toBe(true)

    const later = await client.getRun(run.agentSessionId, {
      steps: { after: 0, includeToolIo: false, maxChars: 4 },
    })
    expect(later.steps?.map((s) => s.index)).toEqual([1, 2])
    expect(later.steps?.[0]).toMatchObject({ role: 'TOOL', toolInput: null })
    expect(later.steps?.[1]?.content?.length).toBeLessThanOrEqual(4)
    expect(later.steps?.[1]?.truncated).toBe(true)
    expect(withSteps(h.mock.requests).map((r) => r.variables)).toEqual([
      { agentSessionId: run.agentSessionId },
      { agentSessionId: run.agentSessionId, after: 0, includeToolIo: false, maxChars: 4 },
    ])
  })

  test('without steps, getRun sends the older document', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    const run = await client.getRun(agentSessionId, { steps: false })
    expect('steps' in run).toBe(false)
    expect(h.mock.requests.at(-1)?.operationName).toBe('DinoaiAgentRun')
  })

  test('steps the backend could not read: the run comes back with null lists and a PARTIAL_DATA warning', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    h.mock.failNext(1, { kind: 'steps-error', message: 'steps store unavailable' })
    const warnings: DinoAiWarning[] = []
    const run = await client.getRun(agentSessionId, { steps: true, onWarning: (w) => warnings.push(w) })
    expect(run.status).toBe('QUEUED')
    expect(run.messages[0]?.content).toBe('x')
    expect(run.steps).toBeNull()
    expect(run.startupSteps).toBeNull()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({ code: 'PARTIAL_DATA', agentSessionId })
    expect(warnings[0]?.message).toMatch(/steps store unavailable/)
    expect(warnings[0]?.errors[0]?.path).toEqual(['dinoaiAgentRun', 'steps'])
    // No onWarning: still returned, never thrown.
    h.mock.failNext(1, { kind: 'steps-error' })
    expect((await client.getRun(agentSessionId, { steps: true })).steps).toBeNull()
  })

  test('a warning never shows the secret, in onWarning or in watch events', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    const message = `steps store refused token ${API_SECRET}`
    const warnings: DinoAiWarning[] = []
    h.mock.failNext(1, { kind: 'steps-error', message })
    await client.getRun(agentSessionId, { steps: true, onWarning: (w) => warnings.push(w) })
    h.mock.failNext(1, { kind: 'steps-error', message })
    for await (const event of client.watchRun(agentSessionId, {
      ...FAST,
      steps: true,
      onWarning: (w) => warnings.push(w),
    })) {
      if (event.type === 'warning') warnings.push(event.warning)
    }
    expect(warnings).toHaveLength(3)
    for (const warning of warnings) {
      expect(warning.message).toContain('[redacted]')
      expect(JSON.stringify(warning)).not.toContain(API_SECRET)
    }
  })

  test('bad steps options are refused before anything is sent', async () => {
    h = await harness(mode)
    const client = h.client()
    const bad: [unknown, string][] = [
      [{ after: -1 }, 'options.steps.after'],
      [{ after: 1.5 }, 'options.steps.after'],
      [{ maxChars: 0 }, 'options.steps.maxChars'],
      [{ includeToolIo: 'yes' }, 'options.steps.includeToolIo'],
      ['all', 'options.steps'],
    ]
    for (const [steps, field] of bad) {
      // @ts-expect-error deliberately wrong shapes, as JavaScript callers may pass them
      const error = await client.getRun('s', { steps }).catch((e: unknown) => e)
      expect(error, JSON.stringify(steps)).toBeInstanceOf(DinoAiValidationError)
      expect((error as DinoAiValidationError).field).toBe(field)
    }
    expect(h.mock.requests).toHaveLength(0)
  })

  test('an older backend refuses steps with a 400 that names the option', async () => {
    h = await harness(mode, { legacy: true })
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    const error = await client.getRun(agentSessionId, { steps: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect((error as DinoAiGraphQLError).message).toMatch(/reading steps needs a newer DinoAI API/)
  })

  test('a watch with steps on an older backend fails with the same hint', async () => {
    h = await harness(mode, { legacy: true })
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    const seen: string[] = []
    const error = await (async () => {
      for await (const event of client.watchRun(agentSessionId, { steps: true })) seen.push(event.type)
    })().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect((error as DinoAiGraphQLError).message).toMatch(
      /^Reading agent run .+ failed: .+ \(reading steps needs a newer DinoAI API/,
    )
    expect(seen).not.toContain('completed')
  })
})

describe.each(MODES)('watchRun with steps (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('yields each step once, the checklist when it changes, and asks only for steps after the last seen', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'count' }, [
      {},
      { status: 'RUNNING', tool: { name: 'run_sql', input: { sql: 'select 1' }, output: '1' } },
      { tool: { name: 'run_sql', input: { sql: 'select 2' }, output: '2' } },
      { status: 'COMPLETED', message: { role: 'agent', content: 'Two queries.' } },
    ])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'count' })
    const events: string[] = []
    for await (const event of client.watchRun(agentSessionId, { ...FAST, steps: true })) {
      events.push(describeEvent(event))
    }
    expect(events).toEqual([
      'status QUEUED',
      'startup 0/3',
      'step 0 USER',
      'message user',
      'startup 1/3',
      'status RUNNING',
      'startup 3/3',
      'step 1 TOOL run_sql',
      'step 2 TOOL run_sql',
      'status COMPLETED',
      'step 3 AGENT',
      'message agent',
      'completed',
    ])
    // One read per poll; each asks only for steps after the last index seen.
    const reads = withSteps(h.mock.requests)
    expect(reads.map((r) => r.variables?.after)).toEqual([undefined, 0, 0, 1, 2])
    expect(readRequests(h.mock)).toHaveLength(0)
  })

  test('includeToolIo and maxChars go with every read; a watcher without steps reads the older document', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    const plain = client.waitForRun(agentSessionId, FAST)
    const steps: string[] = []
    for await (const event of client.watchRun(agentSessionId, {
      ...FAST,
      steps: { includeToolIo: false, maxChars: 10 },
    })) {
      if (event.type === 'step') steps.push(`${event.step.index} ${event.step.toolInput}`)
    }
    await plain
    expect(steps).toEqual(['0 null', '1 null', '2 null'])
    for (const read of withSteps(h.mock.requests)) {
      expect(read.variables).toMatchObject({ agentSessionId, includeToolIo: false, maxChars: 10 })
    }
    // The plain wait's reads never asked for steps.
    const plainReads = readRequests(h.mock)
    expect(plainReads.length).toBeGreaterThan(0)
    for (const read of plainReads) expect(read.query).not.toMatch(/steps|startupSteps/)
  })

  test('a steps read the backend could not serve is a warning event; the steps come with the next read', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'x' })
    const warnings: DinoAiWarning[] = []
    h.mock.failNext(1, { kind: 'steps-error' })
    const events: string[] = []
    for await (const event of client.watchRun(agentSessionId, {
      ...FAST,
      steps: true,
      onWarning: (w) => warnings.push(w),
    })) {
      events.push(describeEvent(event))
    }
    expect(events.slice(0, 3)).toEqual(['status QUEUED', 'warning PARTIAL_DATA', 'message user'])
    expect(events.filter((e) => e.startsWith('step'))).toEqual([
      'step 0 USER',
      'step 1 TOOL list_files',
      'step 2 AGENT',
    ])
    expect(warnings.map((w) => w.code)).toEqual(['PARTIAL_DATA'])
    // The failed read did not move the cursor: the next one asks for every step again.
    expect(
      withSteps(h.mock.requests)
        .map((r) => r.variables?.after)
        .slice(0, 2),
    ).toEqual([undefined, undefined])
  })

  test('sessions read with steps are batched together, each with its own cursor', async () => {
    h = await harness(mode)
    const client = h.client()
    const a = (await client.triggerRun({ message: 'a' })).agentSessionId
    const b = (await client.triggerRun({ message: 'b' })).agentSessionId
    const collect = async (id: string) => {
      const indexes: number[] = []
      for await (const event of client.watchRun(id, { ...FAST, steps: true })) {
        if (event.type === 'step') indexes.push(event.step.index)
      }
      return indexes
    }
    expect(await Promise.all([collect(a), collect(b)])).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ])
    const batches = h.mock.requests.filter((r) => r.operationName === 'DinoaiAgentRunWithStepsBatch')
    expect(batches).toHaveLength(3)
    expect(batches.map((r) => r.variables)).toEqual([
      { s0: a, s1: b },
      { s0: a, s0_after: 0, s1: b, s1_after: 0 },
      { s0: a, s0_after: 1, s1: b, s1_after: 1 },
    ])
  })

  test('a watcher that joins late still gets every step, in order', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'slow' }, [
      { status: 'RUNNING', tool: { name: 't1', input: {}, output: '' } },
      { tool: { name: 't2', input: {}, output: '' } },
      { tool: { name: 't3', input: {}, output: '' } },
      { status: 'COMPLETED', message: { role: 'agent', content: 'done' } },
    ])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'slow' })
    const early: number[] = []
    const late: number[] = []
    let lateWatch: Promise<void> | undefined
    for await (const event of client.watchRun(agentSessionId, { ...FAST, steps: true })) {
      if (event.type !== 'step') continue
      early.push(event.step.index)
      if (event.step.index === 2 && !lateWatch) {
        lateWatch = (async () => {
          for await (const e of client.watchRun(agentSessionId, { ...FAST, steps: true })) {
            if (e.type === 'step') late.push(e.step.index)
          }
        })()
      }
    }
    await lateWatch
    expect(early).toEqual([0, 1, 2, 3, 4])
    expect(late).toEqual([0, 1, 2, 3, 4])
  })

  test('bad steps options are refused before anything is sent', async () => {
    h = await harness(mode)
    const client = h.client()
    // @ts-expect-error after is getRun's: watchRun keeps the cursor itself
    expect(() => client.watchRun('s', { steps: { after: 3 } })).toThrow(DinoAiValidationError)
    expect(() => client.watchRun('s', { steps: { maxChars: -1 } })).toThrow(/maxChars must be a whole number/)
    expect(h.mock.requests).toHaveLength(0)
  })
})
