import { DinoAiGraphQLError, DinoAiRunFailedError } from '@dinoai/client'
import { afterEach, describe, expect, test } from 'vitest'
import { type Harness, harness, MODES, readRequests } from './helpers.js'

describe.each(MODES)('shared poller (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('concurrent waits on one session share each read', async () => {
    h = await harness(mode)
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ message: 'shared' })
    const runs = await Promise.all([
      client.waitForRun(agentSessionId),
      client.waitForRun(agentSessionId),
      client.waitForRun(agentSessionId, { pollIntervalMs: 20_000 }),
    ])
    expect(runs.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED'])
    expect(readRequests(h.mock)).toHaveLength(3)
  })

  test('sessions read in one batch stay in step, whatever each draw of jitter and however long handing out takes', async () => {
    h = await harness(mode)
    // Real jitter, and a clock that moves while the poller hands a batch's runs out one by one.
    let draws = 0
    const clock = Object.assign(h.clock, { random: () => (draws++ * 0.618) % 1 })
    const now = clock.now
    let ticks = 0
    clock.now = () => now() + ticks++ * 0.2
    const client = h.client({ maxBatchSize: 50 })
    const ids = []
    for (let i = 0; i < 100; i++) ids.push((await client.triggerRun({ message: `run ${i}` })).agentSessionId)
    const runs = await Promise.all(
      ids.map((id) => client.waitForRun(id, { minDelayMs: 2, pollIntervalMs: 20 })),
    )
    expect(runs.every((r) => r.status === 'COMPLETED')).toBe(true)
    // Three reads a run (QUEUED, RUNNING, COMPLETED), two full batches a round.
    expect(readRequests(h.mock).map((r) => Object.keys(r.variables ?? {}).length)).toEqual([
      50, 50, 50, 50, 50, 50,
    ])
  })

  test('waits on many sessions are batched into aliased requests', async () => {
    h = await harness(mode)
    const client = h.client()
    const ids = []
    for (let i = 0; i < 12; i++) ids.push((await client.triggerRun({ message: `run ${i}` })).agentSessionId)
    const runs = await Promise.all(ids.map((id) => client.waitForRun(id)))
    expect(runs.every((r) => r.status === 'COMPLETED')).toBe(true)
    expect(runs.map((r) => r.agentSessionId)).toEqual(ids)
    const reads = readRequests(h.mock)
    expect(reads).toHaveLength(3)
    expect(reads.every((r) => r.operationName === 'DinoaiAgentRunBatch')).toBe(true)
    expect(Object.values(reads[0]?.variables ?? {}).sort()).toEqual([...ids].sort())
    // The batch document selects the generated fragment.
    expect(reads[0]?.query).toContain('...DinoAiAgentRunFields')
    expect(reads[0]?.query).toContain('fragment DinoAiAgentRunFields on DinoAiAgentRun')
    expect(h.clock.pending()).toBe(0)
  })

  test('maxBatchSize splits a tick into several requests', async () => {
    h = await harness(mode)
    const client = h.client({ maxBatchSize: 4 })
    const ids = []
    for (let i = 0; i < 10; i++) ids.push((await client.triggerRun({ message: `run ${i}` })).agentSessionId)
    await Promise.all(ids.map((id) => client.waitForRun(id)))
    // 3 ticks × ceil(10 / 4) requests.
    expect(readRequests(h.mock)).toHaveLength(9)
  })

  test('an unknown session in a batch rejects only its own wait', async () => {
    h = await harness(mode)
    const client = h.client()
    const a = (await client.triggerRun({ message: 'a' })).agentSessionId
    const b = (await client.triggerRun({ message: 'b' })).agentSessionId
    const results = await Promise.allSettled([
      client.waitForRun(a),
      client.waitForRun('no-such-session'),
      client.waitForRun(b),
    ])
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { status: 'COMPLETED' } })
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { status: 'COMPLETED' } })
    expect(results[1]?.status).toBe('rejected')
    const error = (results[1] as PromiseRejectedResult).reason as DinoAiGraphQLError
    expect(error).toBeInstanceOf(DinoAiGraphQLError)
    expect(error.graphqlCode).toBe('NOT_FOUND')
    expect(error.errors[0]?.message).toContain('no-such-session')
  })

  test('one failing run in a batch does not fail the others', async () => {
    h = await harness(mode)
    h.mock.script({ message: 'fail' }, [{ status: 'FAILED' }])
    const client = h.client()
    const ok = (await client.triggerRun({ message: 'ok' })).agentSessionId
    const bad = (await client.triggerRun({ message: 'fail' })).agentSessionId
    const [good, failed] = await Promise.allSettled([client.waitForRun(ok), client.waitForRun(bad)])
    expect(good).toMatchObject({ status: 'fulfilled', value: { status: 'COMPLETED' } })
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(DinoAiRunFailedError)
  })
})

describe.each(MODES)('child sessions (%s)', (mode) => {
  let h: Harness
  afterEach(async () => {
    await h?.close()
  })

  test('waitForRunTree waits for children and grandchildren', async () => {
    h = await harness(mode)
    h.mock.script({ agent: 'parent' }, [
      { status: 'RUNNING', spawnChild: { agent: 'child', message: 'sub task' } },
      { status: 'COMPLETED', message: { role: 'agent', content: 'parent done' } },
    ])
    h.mock.script({ agent: 'child' }, [
      { status: 'RUNNING', spawnChild: { agent: 'grandchild', message: 'sub sub task' } },
      {},
      {},
      { status: 'COMPLETED' },
    ])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ agent: 'parent' })
    const tree = await client.waitForRunTree(agentSessionId)
    expect(tree.run.status).toBe('COMPLETED')
    expect(tree.children).toHaveLength(1)
    expect(tree.children[0]?.run.status).toBe('COMPLETED')
    expect(tree.children[0]?.children[0]?.run.status).toBe('COMPLETED')
    // Every session in the mock was waited for to the end.
    expect(h.mock.runs.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED'])
    // Parent and children were read together in batches.
    expect(readRequests(h.mock).some((r) => r.operationName === 'DinoaiAgentRunBatch')).toBe(true)
    expect(h.clock.pending()).toBe(0)
  })

  test('waitForRun with includeChildren resolves with the root once the children are done', async () => {
    h = await harness(mode)
    h.mock.script({ agent: 'parent' }, [{ status: 'COMPLETED', spawnChild: { agent: 'slow-child' } }])
    h.mock.script({ agent: 'slow-child' }, [{}, {}, {}, { status: 'COMPLETED' }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ agent: 'parent' })
    const plain = await client.waitForRun(agentSessionId)
    expect(h.mock.runs[1]?.status).not.toBe('COMPLETED')
    const run = await client.waitForRun(agentSessionId, { includeChildren: true })
    expect(run.agentSessionId).toBe(plain.agentSessionId)
    expect(h.mock.runs[1]?.status).toBe('COMPLETED')
  })

  test('a failing child rejects the tree wait with that child', async () => {
    h = await harness(mode)
    h.mock.script({ agent: 'parent' }, [
      { status: 'RUNNING', spawnChild: { agent: 'bad-child' } },
      {},
      {},
      { status: 'COMPLETED' },
    ])
    h.mock.script({ agent: 'bad-child' }, [{ status: 'STOPPED' }])
    const client = h.client()
    const { agentSessionId } = await client.triggerRun({ agent: 'parent' })
    const error = await client.waitForRunTree(agentSessionId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiRunFailedError)
    expect((error as DinoAiRunFailedError).run.agentSessionId).toBe(h.mock.runs[1]?.agentSessionId)
    expect(h.clock.pending()).toBe(0)
  })
})
