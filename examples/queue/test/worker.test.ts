import { DinoAiValidationError } from '@dinoai/client'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { type AgentRunWorkerEvent, failureReason, type RedisServer, startRedisServer } from '../src/index.js'
import { clientFor, operations, type Stack, startStack } from './helpers.js'

let redis: RedisServer
let stack: Stack
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})
beforeEach(async () => {
  stack = await startStack(redis)
})
afterEach(async () => {
  await stack.close()
})

const TRIGGER = 'TriggerDinoaiAgentRun'

describe('a job runs its agent once', () => {
  test('the result is the final run; progress carries status and steps; the session id is stored', async () => {
    stack.server.script({ agent: 'orchestrator' }, [
      { status: 'RUNNING', tool: { name: 'run_sql', input: 'select 1', output: '1' } },
      { status: 'RUNNING', spawnChild: { agent: 'helper', message: 'Profile stg_orders' } },
      { status: 'COMPLETED', message: { role: 'agent', content: 'All models have tests.' } },
    ])
    const progress: unknown[] = []
    stack.events.on('progress', ({ data }) => progress.push(data))
    await stack.startWorker()
    const job = await stack.producer.enqueue({ agent: 'orchestrator', message: 'Check the marts.' })
    const settled = await stack.settle(job)

    expect(settled.state).toBe('completed')
    const run = stack.server.runs.find((r) => r.agent === 'orchestrator')
    expect(settled.result).toEqual({
      agentSessionId: run?.agentSessionId,
      status: 'COMPLETED',
      lastAgentMessage: 'All models have tests.',
      childSessionIds: run?.childSessionIds,
      steps: 3, // the user's message, the tool call, the answer
    })
    expect(settled.result?.childSessionIds).toHaveLength(1)
    expect(settled.data.agentSessionId).toBe(run?.agentSessionId)
    expect(settled.data.trigger?.worker).toBeTruthy()
    expect(progress.at(-1)).toEqual({ agentSessionId: run?.agentSessionId, status: 'COMPLETED', steps: 3 })
    expect(progress).toContainEqual(expect.objectContaining({ status: 'RUNNING' }))
    expect(operations(stack.server, TRIGGER)).toBe(1)
  })

  test('a job whose session id is stored resumes waiting on it and sends no trigger', async () => {
    const { agentSessionId } = await clientFor(stack.server).triggerRun({ agent: 'earlier' })
    const before = operations(stack.server, TRIGGER)
    const events: AgentRunWorkerEvent[] = []
    await stack.startWorker({ onEvent: (e) => events.push(e) })
    const job = await stack.producer.queue.add('agent-run', {
      input: { agent: 'earlier' },
      trigger: { startedAt: new Date().toISOString(), worker: 'a-dead-worker' },
      agentSessionId,
    })
    const settled = await stack.settle(job)
    expect(settled.state).toBe('completed')
    expect(settled.result?.agentSessionId).toBe(agentSessionId)
    expect(operations(stack.server, TRIGGER)).toBe(before)
    expect(events).toContainEqual(expect.objectContaining({ type: 'started', resumed: true }))
  })

  test('a run that fails fails the job for good, with what the agent said', async () => {
    stack.server.script({ agent: 'flaky' }, [
      { status: 'RUNNING' },
      { status: 'FAILED', message: { role: 'agent', content: 'Warehouse unreachable.' } },
    ])
    await stack.startWorker()
    const settled = await stack.settle(await stack.producer.enqueue({ agent: 'flaky' }))
    expect(settled.state).toBe('failed')
    expect(failureReason(settled.failedReason)).toBe('RUN_FAILED')
    expect(settled.failedReason).toMatch(/ended FAILED\. The agent said: Warehouse unreachable\./)
    expect(settled.attemptsMade).toBe(1) // no retry: waiting again would change nothing
    expect(operations(stack.server, TRIGGER)).toBe(1)
  })

  test('bad input is refused at enqueue, or fails the job before anything is sent', async () => {
    await expect(stack.producer.enqueue({})).rejects.toBeInstanceOf(DinoAiValidationError)
    await stack.startWorker()
    const settled = await stack.settle(await stack.producer.enqueue({ agent: 'not a valid name!' }))
    expect(failureReason(settled.failedReason)).toBe('INVALID_INPUT')
    expect(settled.data.trigger).toBeUndefined()
    expect(stack.server.requests).toHaveLength(0)
  })
})

describe('a trigger that may have reached the API is never sent again', () => {
  test('a stored trigger record without a session id fails OUTCOME_UNKNOWN at once', async () => {
    await stack.startWorker()
    const job = await stack.producer.queue.add('agent-run', {
      input: { agent: 'reviewer', message: 'PR 7' },
      trigger: { startedAt: '2026-11-30T10:00:00.000Z', worker: 'host-a:4242' },
    })
    const settled = await stack.settle(job)
    expect(settled.state).toBe('failed')
    expect(failureReason(settled.failedReason)).toBe('OUTCOME_UNKNOWN')
    expect(settled.failedReason).toMatch(/2026-11-30T10:00:00\.000Z by worker host-a:4242/)
    expect(settled.attemptsMade).toBe(1)
    expect(stack.server.requests).toHaveLength(0)
    expect(await stack.producer.unknownOutcomes()).toEqual([
      {
        jobId: job.id,
        input: { agent: 'reviewer', message: 'PR 7' },
        trigger: { startedAt: '2026-11-30T10:00:00.000Z', worker: 'host-a:4242' },
        failedReason: settled.failedReason,
      },
    ])
  })

  test('a trigger whose answer was lost after the API took it fails OUTCOME_UNKNOWN; one run exists', async () => {
    stack.server.failNext(1, { kind: 'network', afterProcessing: true }, TRIGGER)
    await stack.startWorker()
    const settled = await stack.settle(await stack.producer.enqueue({ agent: 'reviewer' }))
    expect(failureReason(settled.failedReason)).toBe('OUTCOME_UNKNOWN')
    expect(settled.failedReason).toMatch(/NETWORK/)
    expect(settled.attemptsMade).toBe(1) // three attempts allowed, none used for a second trigger
    expect(stack.server.runs).toHaveLength(1)
    expect(operations(stack.server, TRIGGER)).toBe(1)
  })

  test('a trigger the API answered with an error started nothing, so the retry triggers again', async () => {
    stack.server.failNext(1, { kind: 'graphql-error', message: 'Agent pool exhausted.' }, TRIGGER)
    await stack.startWorker()
    const settled = await stack.settle(await stack.producer.enqueue({ agent: 'reviewer' }))
    expect(settled.state).toBe('completed')
    expect(settled.attemptsMade).toBe(2) // the first attempt failed, the second completed
    expect(operations(stack.server, TRIGGER)).toBe(2)
    expect(stack.server.runs).toHaveLength(1)
  })

  test('an operator resolves unknown outcomes: with the session found in DinoAI, or by retriggering', async () => {
    const found = await clientFor(stack.server).triggerRun({ agent: 'reviewer', message: 'PR 8' })
    const record = { startedAt: new Date().toISOString(), worker: 'host-b:1' }
    const withRun = await stack.producer.queue.add('agent-run', {
      input: { agent: 'reviewer', message: 'PR 8' },
      trigger: record,
    })
    const noRun = await stack.producer.queue.add('agent-run', {
      input: { agent: 'reviewer', message: 'PR 9' },
      trigger: record,
    })
    await stack.startWorker()
    expect(failureReason((await stack.settle(withRun)).failedReason)).toBe('OUTCOME_UNKNOWN')
    expect(failureReason((await stack.settle(noRun)).failedReason)).toBe('OUTCOME_UNKNOWN')
    const triggersBefore = operations(stack.server, TRIGGER)

    await stack.producer.resolveUnknownOutcome(withRun.id ?? '', { agentSessionId: found.agentSessionId })
    await stack.producer.resolveUnknownOutcome(noRun.id ?? '', { retrigger: true })
    const resumed = await stack.settle(withRun)
    const retriggered = await stack.settle(noRun)
    expect(resumed.result?.agentSessionId).toBe(found.agentSessionId)
    expect(retriggered.state).toBe('completed')
    expect(operations(stack.server, TRIGGER)).toBe(triggersBefore + 1) // only the retriggered one
    expect(await stack.producer.unknownOutcomes()).toEqual([])
    await expect(stack.producer.resolveUnknownOutcome(noRun.id ?? '', { retrigger: true })).rejects.toThrow(
      /completed, not failed with DINOAI_OUTCOME_UNKNOWN/,
    )
  })
})

describe('cancel and shutdown', () => {
  test('cancelling a running job stops its run; cancelling a waiting one removes it untriggered', async () => {
    stack.server.script({ agent: 'long-audit' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const triggered = new Promise<string>((resolve) => {
      void stack.startWorker({
        onEvent: (e) => {
          if (e.type === 'triggered') resolve(e.jobId)
        },
      })
    })
    const job = await stack.producer.enqueue({ agent: 'long-audit' })
    expect(await triggered).toBe(job.id)
    expect(await stack.producer.cancel(job.id ?? '', 'the pull request was closed')).toBe('requested')
    const settled = await stack.settle(job)
    expect(failureReason(settled.failedReason)).toBe('CANCELLED')
    expect(stack.server.runs[0]?.status).toBe('STOPPED')
    expect(operations(stack.server, 'StopDinoaiAgentRun')).toBe(1)

    const later = await stack.producer.enqueue({ agent: 'long-audit' }, { delay: 60_000 })
    expect(await stack.producer.cancel(later.id ?? '')).toBe('removed')
    expect(await stack.producer.queue.getJob(later.id ?? '')).toBeUndefined()
    expect(await stack.producer.cancel(job.id ?? '')).toBe('finished')
    expect(await stack.producer.cancel('no-such-job')).toBe('missing')
    expect(operations(stack.server, TRIGGER)).toBe(1)
  })

  test('close hands a waiting job back with its session id, and another worker resumes it', async () => {
    stack.server.script({ agent: 'slow' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    let triggered: (id: string) => void = () => {}
    const seen = new Promise<string>((resolve) => {
      triggered = resolve
    })
    const first = await stack.startWorker({
      name: 'first',
      onEvent: (e) => {
        if (e.type === 'triggered') triggered(e.agentSessionId)
      },
    })
    const job = await stack.producer.enqueue({ agent: 'slow' })
    const agentSessionId = await seen
    await first.close()
    const handedBack = await stack.producer.queue.getJob(job.id ?? '')
    expect(await handedBack?.getState()).toMatch(/^(waiting|delayed)$/)
    expect(handedBack?.data.agentSessionId).toBe(agentSessionId)

    stack.server.script({ sessionId: agentSessionId }, [
      { status: 'COMPLETED', message: { role: 'agent', content: 'Done.' } },
    ])
    await stack.startWorker({ name: 'second' })
    const settled = await stack.settle(job)
    expect(settled.result).toMatchObject({ agentSessionId, status: 'COMPLETED', lastAgentMessage: 'Done.' })
    expect(operations(stack.server, TRIGGER)).toBe(1)
  })
})
