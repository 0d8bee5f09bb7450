import {
  DinoAiAgentRunDocument,
  DinoAiAgentRunWithStepsDocument,
  type DinoAiAgentStep,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import { buildStep, type MockDinoAiOptions } from '@dinoai/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

type StepsVariables = { after?: number; includeToolIo?: boolean; maxChars?: number }

describe.each(MODES)('agent steps and the start-up checklist (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  const start = async (options: MockDinoAiOptions = {}) => {
    h = await harness(mode, options)
  }
  const trigger = async (variables: Record<string, unknown>): Promise<string> =>
    (await gql(h, TriggerDinoAiAgentRunDocument, variables)).body.data.triggerDinoaiAgentRun.agentSessionId
  const read = async (agentSessionId: string, variables: StepsVariables = {}) => {
    const result = await gql(h, DinoAiAgentRunWithStepsDocument, { agentSessionId, ...variables })
    expect(result.status).toBe(200)
    expect(result.body.errors).toBeUndefined()
    return result.body.data.dinoaiAgentRun
  }
  const brief = (steps: DinoAiAgentStep[]) => steps.map((s) => [s.index, s.role, s.toolName, s.content])

  test('the default lifecycle records the user message, a tool call and the agent reply, in order', async () => {
    await start()
    const id = await trigger({ agent: 'dq', message: 'Check stg_orders' })
    const queued = await read(id)
    expect(queued.status).toBe('QUEUED')
    expect(brief(queued.steps)).toEqual([[0, 'USER', null, 'Check stg_orders']])
    const running = await read(id)
    expect(running.status).toBe('RUNNING')
    expect(running.steps[1]).toEqual(
      buildStep({
        index: 1,
        role: 'TOOL',
        toolName: 'list_files',
        toolInput: '{"path":"models/staging"}',
        content: 'Looked at the project for dq: 4 models in models/staging.',
      }),
    )
    const done = await read(id)
    expect(done.status).toBe('COMPLETED')
    expect(brief(done.steps)).toEqual([
      [0, 'USER', null, 'Check stg_orders'],
      [1, 'TOOL', 'list_files', 'Looked at the project for dq: 4 models in models/staging.'],
      [2, 'AGENT', null, 'dq (mock) finished: Check stg_orders'],
    ])
    expect(h.mock.runs[0]?.steps).toEqual(done.steps)
  })

  test('a follow-up adds a USER step and the new turn continues the indexes', async () => {
    await start({ followUpStalePolls: 0 })
    const id = await trigger({ message: 'First' })
    h.mock.advance(id, 2)
    await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId: id, message: 'Second' })
    h.mock.advance(id, 2)
    const run = await read(id)
    expect(run.steps.map((s: DinoAiAgentStep) => [s.index, s.role])).toEqual([
      [0, 'USER'],
      [1, 'TOOL'],
      [2, 'AGENT'],
      [3, 'USER'],
      [4, 'TOOL'],
      [5, 'AGENT'],
    ])
  })

  test('after: n returns only steps with a greater index; a cursor past the end returns none', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    h.mock.advance(id, 2)
    expect((await read(id, { after: 0 })).steps.map((s: DinoAiAgentStep) => s.index)).toEqual([1, 2])
    expect((await read(id, { after: 2 })).steps).toEqual([])
    expect((await read(id, { after: -5 })).steps).toHaveLength(3)
  })

  test('includeToolIo: false leaves the tool input and output out, but not the tool name', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    h.mock.advance(id, 2)
    const steps = (await read(id, { includeToolIo: false })).steps
    expect(steps[1]).toMatchObject({ role: 'TOOL', toolName: 'list_files', toolInput: null, content: null })
    expect(steps[0].content).toBe('hi')
    expect(steps[2].content).toBe('DinoAI (mock) finished: hi')
  })

  test('maxChars cuts content and toolInput and sets truncated only where it cut', async () => {
    await start()
    mockLongTool(h)
    const id = await trigger({ agent: 'long', message: 'short' })
    h.mock.advance(id, 1)
    const steps = (await read(id, { maxChars: 5 })).steps
    expect(steps[0]).toMatchObject({ content: 'short', truncated: false })
    expect(steps[1]).toMatchObject({ toolInput: '{"sql', content: 'selec', truncated: true })
    // Cut by characters, never inside a surrogate pair.
    expect(steps[2]).toMatchObject({ content: '🦖🦖🦖🦖 ', truncated: true })
    const zero = (await read(id, { maxChars: 0 })).steps
    expect(zero[0]).toMatchObject({ content: '', truncated: true })
  })

  test('a negative maxChars nulls steps with a BAD_USER_INPUT error beside the data', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    const result = await gql(h, DinoAiAgentRunWithStepsDocument, { agentSessionId: id, maxChars: -1 })
    expect(result.status).toBe(200)
    expect(result.body.data.dinoaiAgentRun).toMatchObject({ status: 'QUEUED', steps: null })
    expect(result.body.errors[0]).toMatchObject({
      path: ['dinoaiAgentRun', 'steps'],
      extensions: { code: 'BAD_USER_INPUT' },
    })
  })

  test('the checklist starts undone and is done once the run leaves QUEUED', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    const checklist = async () =>
      (await read(id)).startupSteps.map((s: { label: string; done: boolean }) => [s.label, s.done])
    expect(await checklist()).toEqual([
      ['Queued', false],
      ['Starting the agent pod', false],
      ['Loading the agent', false],
    ])
    expect(await checklist()).toEqual([
      ['Queued', true],
      ['Starting the agent pod', true],
      ['Loading the agent', true],
    ])
  })

  test('steps that keep a run QUEUED finish the checklist item by item; EXPIRED leaves the pod undone', async () => {
    await start()
    h.mock.script({ agent: 'slow-start' }, [{}, {}, {}, { status: 'RUNNING' }])
    h.mock.script({ agent: 'no-pod' }, [{}, { status: 'EXPIRED' }])
    const slow = await trigger({ agent: 'slow-start' })
    const done = async (id: string) => (await read(id)).startupSteps.map((s: { done: boolean }) => s.done)
    expect(await done(slow)).toEqual([false, false, false])
    expect(await done(slow)).toEqual([true, false, false])
    expect(await done(slow)).toEqual([true, true, false])
    expect(await done(slow)).toEqual([true, true, false])
    expect(await done(slow)).toEqual([true, true, true])
    const expired = await trigger({ agent: 'no-pod' })
    h.mock.advance(expired, 2)
    expect(await done(expired)).toEqual([true, false, false])
  })

  test('script steps add tool steps: several per step, input as given or JSON, output computed from the run', async () => {
    await start()
    h.mock.script({ agent: 'tools' }, [
      {
        status: 'RUNNING',
        tool: [
          { name: 'run_sql', input: 'select 1', output: '1' },
          { name: 'open_pr', input: { title: 'Fix' }, output: (run) => `PR for ${run.agentSessionId}` },
          { name: 'ping' },
        ],
      },
      { status: 'COMPLETED' },
    ])
    const id = await trigger({ agent: 'tools' })
    h.mock.advance(id, 2)
    const steps = (await read(id)).steps
    expect(steps).toEqual([
      buildStep({ index: 0, role: 'TOOL', toolName: 'run_sql', toolInput: 'select 1', content: '1' }),
      buildStep({
        index: 1,
        role: 'TOOL',
        toolName: 'open_pr',
        toolInput: '{"title":"Fix"}',
        content: `PR for ${id}`,
      }),
      buildStep({ index: 2, role: 'TOOL', toolName: 'ping', content: null }),
    ])
  })

  test('the old run document still works and advances as before: steps are opt-in', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    const old = await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })
    expect(old.body.data.dinoaiAgentRun).not.toHaveProperty('steps')
    expect((await read(id)).status).toBe('RUNNING')
  })

  test('the step list of a read is frozen at read time, like the status', async () => {
    await start()
    const id = await trigger({ message: 'hi' })
    const first = await read(id)
    expect(first.status).toBe('QUEUED')
    expect(first.steps).toHaveLength(1)
  })
})

function mockLongTool(h: Harness): void {
  h.mock.script({ agent: 'long' }, [
    {
      status: 'RUNNING',
      tool: { name: 'run_sql', input: { sql: 'select * from stg_orders' }, output: 'select done' },
      message: { role: 'agent', content: '🦖🦖🦖🦖 dinosaurs' },
    },
  ])
}
