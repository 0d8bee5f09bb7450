import {
  type DinoAiAgentRun,
  type DinoAiAgentRunStatus,
  DinoaiAgentRunDocument,
  SendDinoaiAgentMessageDocument,
  TriggerDinoaiAgentRunDocument,
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
    execute(TriggerDinoaiAgentRunDocument, {
      agent: 'a',
      message: 'm',
      slack: { channel: 'C', threadTs: '1.2' },
    })
    execute(TriggerDinoaiAgentRunDocument, { baseBranch: 'main' })
    execute(SendDinoaiAgentMessageDocument, { agentSessionId: 's', message: 'm' })
    execute(DinoaiAgentRunDocument, { agentSessionId: 's' })
  })

  test('a misspelled variable is an error', () => {
    // @ts-expect-error agentSessionID is not a variable of the document
    execute(DinoaiAgentRunDocument, { agentSessionID: 's' })
    // @ts-expect-error messsage is not a variable of the document
    execute(TriggerDinoaiAgentRunDocument, { agent: 'a', messsage: 'm' })
    // @ts-expect-error threadTS is not a field of DinoAiAgentSlackInput
    execute(TriggerDinoaiAgentRunDocument, { slack: { channel: 'C', threadTS: '1' } })
  })

  test('a mistyped or missing variable is an error', () => {
    // @ts-expect-error agentSessionId is a string
    execute(DinoaiAgentRunDocument, { agentSessionId: 42 })
    // @ts-expect-error message is required
    execute(SendDinoaiAgentMessageDocument, { agentSessionId: 's' })
    // @ts-expect-error slack needs both channel and threadTs
    execute(TriggerDinoaiAgentRunDocument, { slack: { channel: 'C' } })
  })
})

describe('result types are exact', () => {
  test('trigger and send results', () => {
    expectTypeOf<ResultOf<typeof TriggerDinoaiAgentRunDocument>>().toEqualTypeOf<{
      triggerDinoaiAgentRun: { ok: boolean; agentSessionId: string; status: string }
    }>()
    expectTypeOf<ResultOf<typeof SendDinoaiAgentMessageDocument>>().toEqualTypeOf<{
      sendDinoaiAgentMessage: { ok: boolean; agentSessionId: string; status: string }
    }>()
  })

  test('run result selects every field', () => {
    expectTypeOf<ResultOf<typeof DinoaiAgentRunDocument>['dinoaiAgentRun']>().toEqualTypeOf<{
      ok: boolean
      agentSessionId: string
      status: DinoAiAgentRunStatus
      childSessionIds: Array<string>
      workspaceUid: string
      messages: Array<{ ts: number; role: string; content: string }>
    }>()
    expectTypeOf<DinoAiAgentRun>().toEqualTypeOf<ResultOf<typeof DinoaiAgentRunDocument>['dinoaiAgentRun']>()
    expectTypeOf<DinoAiAgentRunStatus>().toEqualTypeOf<
      'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'EXPIRED' | 'STOPPED'
    >()
  })

  test('variables types', () => {
    expectTypeOf<VariablesOf<typeof DinoaiAgentRunDocument>>().toEqualTypeOf<{ agentSessionId: string }>()
  })
})
