import {
  DinoAiAgentRunDocument,
  DinoAiAgentRunWithStepsDocument,
  SendDinoAiAgentMessageDocument,
  StopDinoAiAgentRunDocument,
  schemaSdl,
  TriggerDinoAiAgentRunDocument,
  TriggerDinoAiAgentRunWithModelFamilyDocument,
} from '@dinoai/operations'
import { editSchemaSdl } from '@dinoai/testing'
import { buildSchema, findBreakingChanges } from 'graphql'
import { afterEach, describe, expect, test } from 'vitest'
import { legacySchemaSdl } from '../src/legacy.js'
import { gql, type Harness, harness, MODES } from './helpers.js'

describe('the legacy schema is derived from the current one', () => {
  const current = buildSchema(schemaSdl)
  const legacy = buildSchema(legacySchemaSdl(schemaSdl))

  test('it lacks exactly the newer fields, argument and the types only they used', () => {
    const removed = findBreakingChanges(current, legacy)
      .map((change) => change.description)
      .filter((description) => !description.startsWith('Standard scalar'))
      .sort()
    expect(removed).toEqual([
      'DinoAiAgentRun.startupSteps was removed.',
      'DinoAiAgentRun.steps was removed.',
      'DinoAiAgentStartupStep was removed.',
      'DinoAiAgentStep was removed.',
      'Mutation.stopDinoaiAgentRun was removed.',
      'Mutation.triggerDinoaiAgentRun arg modelFamily was removed.',
      'StopDinoAiAgentRun was removed.',
      'TriggerDinoAiAgentRun.warning was removed.',
    ])
  })

  test('the current schema only adds to it: nothing an older client sends breaks', () => {
    expect(findBreakingChanges(legacy, current)).toEqual([])
  })

  test('deriving twice changes nothing, and descriptions are kept', () => {
    const once = legacySchemaSdl(schemaSdl)
    expect(legacySchemaSdl(once)).toBe(once)
    expect(legacy.getType('DinoAiAgentRun')?.description).toBe(current.getType('DinoAiAgentRun')?.description)
  })
})

describe.each(MODES)('legacy: true (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  test('the older documents work as before: trigger, reads, follow-up', async () => {
    h = await harness(mode, { legacy: true })
    const trigger = await gql(h, TriggerDinoAiAgentRunDocument, {
      agent: 'dq',
      message: 'hi',
      baseBranch: 'main',
    })
    expect(trigger.status).toBe(200)
    const id = trigger.body.data.triggerDinoaiAgentRun.agentSessionId
    const statuses = []
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await gql(h, DinoAiAgentRunDocument, { agentSessionId: id })).body.data.dinoaiAgentRun.status,
      )
    }
    expect(statuses).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
    const sent = await gql(h, SendDinoAiAgentMessageDocument, { agentSessionId: id, message: 'more' })
    expect(sent.body.data.sendDinoaiAgentMessage.ok).toBe(true)
  })

  test.each([
    [
      'a trigger with modelFamily and warning',
      TriggerDinoAiAgentRunWithModelFamilyDocument,
      { agent: 'dq', modelFamily: 'gpt' },
      [/Unknown argument "modelFamily"/, /Cannot query field "warning"/],
    ],
    [
      'a run read with steps and startupSteps',
      DinoAiAgentRunWithStepsDocument,
      { agentSessionId: 'x', after: 1 },
      [/Cannot query field "steps"/, /Cannot query field "startupSteps"/],
    ],
    [
      'stopDinoaiAgentRun',
      StopDinoAiAgentRunDocument,
      { agentSessionId: 'x' },
      [/Cannot query field "stopDinoaiAgentRun" on type "Mutation"/],
    ],
  ] as const)(
    '%s gets HTTP 400 GRAPHQL_VALIDATION_FAILED, like an older backend',
    async (_name, document, variables, messages) => {
      h = await harness(mode, { legacy: true })
      const result = await gql(h, document, variables)
      expect(result.status).toBe(400)
      expect(result.body.data).toBeUndefined()
      for (const error of result.body.errors) expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
      const text = result.body.errors.map((e: { message: string }) => e.message).join('\n')
      for (const message of messages) expect(text).toMatch(message)
      // The built-in scalars exist on every server: the errors name what the backend lacks, not Int.
      expect(text).not.toMatch(/Unknown type "(Int|Boolean|String|Float|ID)"/)
      expect(result.body.errors[0].message).toMatch(messages[0])
      expect(h.mock.runs).toEqual([])
    },
  )

  test('without legacy, the same documents are answered', async () => {
    h = await harness(mode)
    expect((await gql(h, TriggerDinoAiAgentRunWithModelFamilyDocument, { agent: 'dq' })).status).toBe(200)
    expect((await gql(h, StopDinoAiAgentRunDocument, { agentSessionId: 'x' })).status).toBe(200)
  })

  test('legacy applies to a schemaSdl given as well', async () => {
    const next = editSchemaSdl(schemaSdl, { extend: 'extend type DinoAiAgentRun { model: String! }' })
    h = await harness(mode, { legacy: true, schemaSdl: next })
    const id = (await gql(h, TriggerDinoAiAgentRunDocument, { agent: 'a' })).body.data.triggerDinoaiAgentRun
      .agentSessionId
    const read = await gql(h, `{ dinoaiAgentRun(agentSessionId: "${id}") { status model } }`)
    expect(read.status).toBe(200)
    expect((await gql(h, `{ dinoaiAgentRun(agentSessionId: "${id}") { steps { index } } }`)).status).toBe(400)
  })
})
