import {
  type DinoAiAgentRun,
  DinoAiAgentRunFieldsFragmentDoc,
  DinoAiAgentRunWithStepsDocument,
  StopDinoAiAgentRunDocument,
  schemaSdl,
} from '@dinoai/operations'
import {
  buildAcceptedTrigger,
  buildMessage,
  buildRun,
  buildRunWithSteps,
  buildSendResult,
  buildStartupStep,
  buildStep,
  buildStopResult,
  createMockDinoAi,
  editSchemaSdl,
  MockDinoAiUsageError,
} from '@dinoai/testing'
import { type DocumentNode, Kind, print } from 'graphql'
import { describe, expect, test } from 'vitest'
import { fixtureBuilder, runDefaults } from '../src/fixtures.js'

describe('fixture builders', () => {
  test('defaults are complete, deterministic and fresh on every call', () => {
    expect(buildRun()).toEqual(buildRun())
    expect(buildRun()).not.toBe(buildRun())
    expect(buildRun().messages).not.toBe(buildRun().messages)
    // toMatchObject: a field added to the schema later (null by default) must not fail this test.
    expect(buildRun()).toMatchObject({
      ok: true,
      agentSessionId: 'dinoai-agent-000000000001',
      status: 'COMPLETED',
      messages: [
        { ts: 1_714_142_436, role: 'user', content: 'Check stg_orders for missing not_null tests.' },
        { ts: 1_714_142_441, role: 'agent', content: 'stg_orders: customer_id has no not_null test.' },
      ],
      childSessionIds: [],
      workspaceUid: 'dinoai-mock-workspace',
    })
  })

  test('overrides replace fields; everything else keeps its default', () => {
    const run = buildRun({ status: 'FAILED', messages: [buildMessage({ role: 'agent', content: 'Boom.' })] })
    expect(run).toMatchObject({ status: 'FAILED', agentSessionId: 'dinoai-agent-000000000001' })
    expect(run.messages).toEqual([{ ts: 1_714_142_436, role: 'agent', content: 'Boom.' }])
  })

  test('nullable fields default to null unless given', () => {
    expect(buildStep()).toEqual({
      index: 0,
      role: 'AGENT',
      toolName: null,
      toolInput: null,
      content: 'stg_orders: customer_id has no not_null test.',
      truncated: false,
    })
    expect(buildStep({ content: null }).content).toBeNull()
    expect(buildAcceptedTrigger()).toEqual({
      ok: true,
      agentSessionId: 'dinoai-agent-000000000001',
      status: 'queued',
      warning: null,
    })
  })

  test('every builder gives a value with the fields its document selects', () => {
    // The exact key set is compared with what the mock serves (below); this names the ones that matter.
    const keys = (value: object) => Object.keys(value).sort()
    expect(keys(buildRunWithSteps())).toEqual(
      expect.arrayContaining([
        'agentSessionId',
        'childSessionIds',
        'messages',
        'ok',
        'startupSteps',
        'status',
        'steps',
        'workspaceUid',
      ]),
    )
    expect(buildRunWithSteps().steps?.map((s) => [s.index, s.role])).toEqual([
      [0, 'USER'],
      [1, 'TOOL'],
      [2, 'AGENT'],
    ])
    expect(buildStartupStep()).toEqual({ label: 'Queued', done: true })
    expect(buildSendResult()).toMatchObject({
      ok: true,
      agentSessionId: 'dinoai-agent-000000000001',
      status: 'queued',
    })
    expect(buildStopResult()).toMatchObject({ ok: true, status: 'STOPPED' })
    expect(buildStopResult({ status: 'COMPLETED' })).toMatchObject({ ok: true, status: 'COMPLETED' })
  })

  test('a built run matches what the mock serves for the same document, field for field', async () => {
    const mock = createMockDinoAi()
    const post = async (query: string, variables: Record<string, unknown>) =>
      (
        await mock.fetch(mock.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        })
      ).json()
    const id = (await post('mutation { triggerDinoaiAgentRun(message: "hi") { agentSessionId } }', {})).data
      .triggerDinoaiAgentRun.agentSessionId
    const served = (await post(print(DinoAiAgentRunWithStepsDocument), { agentSessionId: id })).data
      .dinoaiAgentRun
    const shape = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.slice(0, 1).map(shape)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.keys(value)
                .sort()
                .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
            )
          : 'leaf' // a nullable field may be null on one side and mocked on the other
    const built = buildRunWithSteps({
      steps: [buildStep({ role: 'USER', content: 'hi' })],
      childSessionIds: [],
    })
    expect(shape(built)).toEqual(shape({ ...served, childSessionIds: [] }))
  })

  test('a value the document requires but the fixture lacks is a usage error naming it', () => {
    // Defaults read from data (untyped JSON) can miss what the types promise; the check catches it.
    const fromData = fixtureBuilder<{ ok: boolean; status: string }>(
      { document: StopDinoAiAgentRunDocument, path: ['stopDinoaiAgentRun'] },
      () => JSON.parse('{"ok": true}'),
    )
    expect(() => fromData()).toThrow(MockDinoAiUsageError)
    expect(() => fromData()).toThrow(/lacks status/)
    expect(fromData({ status: 'STOPPED' })).toEqual({ ok: true, status: 'STOPPED' })
  })
})

describe('an additive nullable field: the builders survive it', () => {
  // What `pnpm codegen` would produce after adding `model: String` to the schema and the fragment.
  const nextSdl = editSchemaSdl(schemaSdl, { extend: 'extend type DinoAiAgentRun { model: String }' })
  const [fragment] = DinoAiAgentRunFieldsFragmentDoc.definitions
  if (fragment?.kind !== Kind.FRAGMENT_DEFINITION)
    throw new Error('the run fragment document holds a fragment')
  const nextFragment: DocumentNode = {
    ...DinoAiAgentRunFieldsFragmentDoc,
    definitions: [
      {
        ...fragment,
        selectionSet: {
          ...fragment.selectionSet,
          selections: [
            ...fragment.selectionSet.selections,
            { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'model' } },
          ],
        },
      },
    ],
  }
  type NextRun = DinoAiAgentRun & { model: string | null }

  test("buildRun's own defaults, unchanged, build the next version's run, with the new field null", () => {
    const buildNextRun = fixtureBuilder<NextRun>({ document: nextFragment, sdl: nextSdl }, runDefaults)
    const run = buildNextRun({ status: 'RUNNING' })
    expect(run).toEqual({ ...buildRun({ status: 'RUNNING' }), model: null })
    expect(buildNextRun({ model: 'claude' }).model).toBe('claude')
  })
})
