import {
  type DinoAiAgentRun,
  DinoAiAgentRunDocument,
  type DinoAiAgentRunStatus,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core'
import { describe, expectTypeOf, test } from 'vitest'

// A tiny stand-in for any typed GraphQL client: it accepts exactly the document's variables.
declare function execute<R, V>(
  document: import('@graphql-typed-document-node/core').TypedDocumentNode<R, V>,
  variables: NoInfer<V>,
): R

describe('document variables are checked at compile time', () => {
  test('correct variables compile', () => {
    execute(TriggerDinoAiAgentRunDocument, {
      agent: 'a',
      message: 'm',
      slack: { channel: 'C', threadTs: '1.2' },
    })
    execute(TriggerDinoAiAgentRunDocument, { baseBranch: 'main' })
    execute(SendDinoAiAgentMessageDocument, { agentSessionId: 's', message: 'm' })
    execute(DinoAiAgentRunDocument, { agentSessionId: 's' })
  })

  test('a misspelled variable is an error', () => {
    // @ts-expect-error agentSessionID is not a variable of the document
    execute(DinoAiAgentRunDocument, { agentSessionID: 's' })
    // @ts-expect-error messsage is not a variable of the document
    execute(TriggerDinoAiAgentRunDocument, { agent: 'a', messsage: 'm' })
    // @ts-expect-error threadTS is not a field of DinoAiAgentSlackInput
    execute(TriggerDinoAiAgentRunDocument, { slack: { channel: 'C', threadTS: '1' } })
  })

  test('a mistyped or missing variable is an error', () => {
    // @ts-expect-error agentSessionId is a string
    execute(DinoAiAgentRunDocument, { agentSessionId: 42 })
    // @ts-expect-error message is required
    execute(SendDinoAiAgentMessageDocument, { agentSessionId: 's' })
    // @ts-expect-error slack needs both channel and threadTs
    execute(TriggerDinoAiAgentRunDocument, { slack: { channel: 'C' } })
  })
})

// Each field's type is pinned exactly (a rename or a type change fails here), through Pick, so an
// additive field selected later does not: that is a harmless change and must leave the tests green.
type Trigger = ResultOf<typeof TriggerDinoAiAgentRunDocument>['triggerDinoaiAgentRun']
type Send = ResultOf<typeof SendDinoAiAgentMessageDocument>['sendDinoaiAgentMessage']
type Run = ResultOf<typeof DinoAiAgentRunDocument>['dinoaiAgentRun']

describe('result field types are exact', () => {
  test('trigger and send results', () => {
    expectTypeOf<Pick<Trigger, 'ok' | 'agentSessionId' | 'status'>>().toEqualTypeOf<{
      ok: boolean
      agentSessionId: string
      status: string
    }>()
    expectTypeOf<Pick<Send, 'ok' | 'agentSessionId' | 'status'>>().toEqualTypeOf<{
      ok: boolean
      agentSessionId: string
      status: string
    }>()
  })

  test('run result selects every field', () => {
    expectTypeOf<
      Pick<Run, 'ok' | 'agentSessionId' | 'status' | 'childSessionIds' | 'workspaceUid' | 'messages'>
    >().toEqualTypeOf<{
      ok: boolean
      agentSessionId: string
      status: DinoAiAgentRunStatus
      childSessionIds: Array<string>
      workspaceUid: string
      messages: Array<{ ts: number; role: string; content: string }>
    }>()
    expectTypeOf<DinoAiAgentRun>().toEqualTypeOf<ResultOf<typeof DinoAiAgentRunDocument>['dinoaiAgentRun']>()
    // The schema's statuses, as literals; the schema may gain one, so this is a floor, not the list.
    expectTypeOf<
      'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'EXPIRED' | 'STOPPED'
    >().toExtend<DinoAiAgentRunStatus>()
    expectTypeOf<string>().not.toExtend<DinoAiAgentRunStatus>()
  })

  test('variables types', () => {
    expectTypeOf<VariablesOf<typeof DinoAiAgentRunDocument>>().toEqualTypeOf<{ agentSessionId: string }>()
  })
})
