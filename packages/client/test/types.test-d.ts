import {
  type AcceptedMessage,
  type AcceptedRun,
  createDinoAiClient,
  type DinoAiAgentRun,
  type DinoAiAgentRunWithSteps,
  type DinoAiAgentStartupStep,
  type DinoAiAgentStep,
  type DinoAiClient,
  type RunEvent,
  type StopRunResult,
  type TriggerRunInput,
  type WatchEvent,
} from '@dinoai/client'
import type {
  DinoAiAgentRunQuery,
  DinoAiAgentRunWithStepsDocument,
  DinoAiAgentRunWithStepsQuery,
  DinoAiAgentRun as OperationsRun,
  SendDinoAiAgentMessageMutation,
  StopDinoAiAgentRunMutation,
  StopDinoAiAgentRunMutationVariables,
  TriggerDinoAiAgentRunMutation,
  TriggerDinoAiAgentRunMutationVariables,
  TriggerDinoAiAgentRunWithModelFamilyMutation,
  TriggerDinoAiAgentRunWithModelFamilyMutationVariables,
} from '@dinoai/operations'
import type { ResultOf } from '@graphql-typed-document-node/core'
import { describe, expectTypeOf, test } from 'vitest'

declare const client: DinoAiClient
type Triggered = TriggerDinoAiAgentRunMutation['triggerDinoaiAgentRun']
type TriggeredOnFamily = TriggerDinoAiAgentRunWithModelFamilyMutation['triggerDinoaiAgentRun']

// Each public method's result is tied to the generated types: a field renamed or retyped in
// schema.graphql (and pnpm codegen) changes these and fails here, as well as in src.
describe('each method returns the generated types', () => {
  test('triggerRun: the generated trigger result fields, plus the warning of the newer document', () => {
    expectTypeOf(client.triggerRun).returns.resolves.toEqualTypeOf<AcceptedRun>()
    expectTypeOf<AcceptedRun>().toEqualTypeOf<{
      agentSessionId: Triggered['agentSessionId']
      status: Triggered['status']
      warning: TriggeredOnFamily['warning']
    }>()
    expectTypeOf<AcceptedRun['agentSessionId']>().toEqualTypeOf<Triggered['agentSessionId']>()
    expectTypeOf<AcceptedRun['warning']>().toEqualTypeOf<TriggeredOnFamily['warning']>()
  })

  test('triggerRun input: the generated variables of both trigger documents', () => {
    expectTypeOf<TriggerRunInput['modelFamily']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<
      Required<Pick<TriggerRunInput, 'agent' | 'message' | 'baseBranch' | 'modelFamily'>>
    >().toMatchTypeOf<
      NonNullable<
        Pick<
          TriggerDinoAiAgentRunWithModelFamilyMutationVariables,
          'agent' | 'message' | 'baseBranch' | 'modelFamily'
        >
      >
    >()
    expectTypeOf<NonNullable<TriggerRunInput['slack']>>().toEqualTypeOf<
      NonNullable<TriggerDinoAiAgentRunMutationVariables['slack']>
    >()
  })

  test('sendMessage: the generated send result fields', () => {
    expectTypeOf(client.sendMessage).returns.resolves.toEqualTypeOf<AcceptedMessage>()
    expectTypeOf<AcceptedMessage>().toEqualTypeOf<
      Pick<SendDinoAiAgentMessageMutation['sendDinoaiAgentMessage'], 'agentSessionId' | 'status'>
    >()
  })

  test('getRun: the generated run, or the generated run with steps when asked for them', () => {
    expectTypeOf(client.getRun('s')).toEqualTypeOf<Promise<DinoAiAgentRunQuery['dinoaiAgentRun']>>()
    expectTypeOf(client.getRun('s', {})).toEqualTypeOf<Promise<DinoAiAgentRunQuery['dinoaiAgentRun']>>()
    expectTypeOf(client.getRun('s', { steps: false })).toEqualTypeOf<Promise<DinoAiAgentRun>>()
    expectTypeOf(client.getRun('s', { steps: true })).toEqualTypeOf<
      Promise<DinoAiAgentRunWithStepsQuery['dinoaiAgentRun']>
    >()
    expectTypeOf(client.getRun('s', { steps: { after: 3 } })).toEqualTypeOf<
      Promise<ResultOf<typeof DinoAiAgentRunWithStepsDocument>['dinoaiAgentRun']>
    >()
    expectTypeOf<DinoAiAgentRunWithSteps['steps']>().toEqualTypeOf<DinoAiAgentStep[] | null>()
    expectTypeOf<DinoAiAgentRunWithSteps['startupSteps']>().toEqualTypeOf<DinoAiAgentStartupStep[] | null>()
    // A boolean known only at run time gives the run without steps, which both answers are.
    const maybe: boolean = Math.random() > 0.5
    expectTypeOf(client.getRun('s', { steps: maybe })).toEqualTypeOf<Promise<DinoAiAgentRun>>()
  })

  test('stopRun: the session asked about and the generated stop status', () => {
    expectTypeOf(client.stopRun).returns.resolves.toEqualTypeOf<StopRunResult>()
    expectTypeOf<StopRunResult>().toEqualTypeOf<{
      agentSessionId: StopDinoAiAgentRunMutationVariables['agentSessionId']
      status: StopDinoAiAgentRunMutation['stopDinoaiAgentRun']['status']
    }>()
  })

  test('waits resolve with the generated run', () => {
    expectTypeOf(client.waitForRun).returns.resolves.toEqualTypeOf<OperationsRun>()
    expectTypeOf(client.triggerRunAndWait).returns.resolves.toEqualTypeOf<OperationsRun>()
    expectTypeOf(client.sendMessageAndWait).returns.resolves.toEqualTypeOf<OperationsRun>()
    expectTypeOf(client.waitForRunTree).returns.resolves.toHaveProperty('run').toEqualTypeOf<OperationsRun>()
  })

  test('watchRun: RunEvent without steps, WatchEvent with them; step events carry the generated step', () => {
    expectTypeOf(client.watchRun('s')).toEqualTypeOf<AsyncIterable<RunEvent>>()
    expectTypeOf(client.watchRun('s', { minDelayMs: 1 })).toEqualTypeOf<AsyncIterable<RunEvent>>()
    expectTypeOf(client.watchRun('s', { steps: false })).toEqualTypeOf<AsyncIterable<RunEvent>>()
    expectTypeOf(client.watchRun('s', { steps: true })).toEqualTypeOf<AsyncIterable<WatchEvent>>()
    expectTypeOf(client.watchRun('s', { steps: { maxChars: 200 } })).toEqualTypeOf<
      AsyncIterable<WatchEvent>
    >()
    const maybe: boolean = Math.random() > 0.5
    expectTypeOf(client.watchRun('s', { steps: maybe })).toEqualTypeOf<AsyncIterable<WatchEvent>>()
    expectTypeOf<Extract<WatchEvent, { type: 'step' }>['step']>().toEqualTypeOf<
      NonNullable<DinoAiAgentRunWithStepsQuery['dinoaiAgentRun']['steps']>[number]
    >()
  })
})

describe('types come from @dinoai/operations', () => {
  test('runs are the generated type', () => {
    expectTypeOf<DinoAiAgentRun>().toEqualTypeOf<OperationsRun>()
    expectTypeOf<ReturnType<DinoAiClient['getRun']>>().toEqualTypeOf<Promise<OperationsRun>>()
    expectTypeOf<ReturnType<DinoAiClient['watchRun']>>().toEqualTypeOf<AsyncIterable<RunEvent>>()
    expectTypeOf(createDinoAiClient).returns.toEqualTypeOf<DinoAiClient>()
  })

  test('RunEvent narrows on type', () => {
    const describe = (e: RunEvent): string => {
      switch (e.type) {
        case 'status':
          return e.status
        case 'message':
          return e.message.content
        case 'completed':
          return e.run.status
        case 'failed':
          return e.error.code
      }
    }
    expectTypeOf(describe).returns.toBeString()
  })

  test('trigger input rejects unknown fields and wrong slack shapes', () => {
    // @ts-expect-error slack needs threadTs
    const bad: TriggerRunInput = { message: 'x', slack: { channel: 'C1' } }
    // @ts-expect-error no such option
    const unknown: TriggerRunInput = { agnet: 'typo' }
    expectTypeOf(bad).toEqualTypeOf<TriggerRunInput>()
    expectTypeOf(unknown).toEqualTypeOf<TriggerRunInput>()
  })
})

describe('request carries the document types to the call site', () => {
  test('returns ResultOf<typeof document> and checks the variables against VariablesOf', async () => {
    const { DinoAiAgentRunDocument: document } = await import('@dinoai/operations')
    expectTypeOf(client.request(document, { agentSessionId: 'x' })).resolves.toEqualTypeOf<
      ResultOf<typeof document>
    >()
    // @ts-expect-error: the document needs agentSessionId
    void client.request(document, {})
    // @ts-expect-error: agentSessionId is a string
    void client.request(document, { agentSessionId: 1 })
    // @ts-expect-error: variables are required when the document has a required one
    void client.request(document)
  })

  test('variables may be left out when the document has no required one', () => {
    type Doc = import('@urql/core').TypedDocumentNode<{ __typename: string }, { after?: number | null }>
    const doc = {} as Doc
    expectTypeOf(client.request(doc)).resolves.toEqualTypeOf<{ __typename: string }>()
    expectTypeOf(client.request(doc, { after: 1 })).resolves.toEqualTypeOf<{ __typename: string }>()
  })
})

describe('the standalone functions carry the same types as the methods', () => {
  test('getRun, watchRun, sendMessageAndWatch and request of a connection', async () => {
    const { createDinoAiConnection, getRun, watchRun, sendMessageAndWatch, request } = await import(
      '@dinoai/client'
    )
    const { DinoAiAgentRunDocument } = await import('@dinoai/operations')
    const connection = createDinoAiConnection({ endpoint: 'https://x.example', apiKey: 'k', apiSecret: 's' })
    expectTypeOf(getRun(connection, 'id')).resolves.toEqualTypeOf<DinoAiAgentRun>()
    expectTypeOf(getRun(connection, 'id', { steps: true })).resolves.toEqualTypeOf<DinoAiAgentRunWithSteps>()
    expectTypeOf(watchRun(connection, 'id')).toEqualTypeOf<AsyncIterable<RunEvent>>()
    expectTypeOf(watchRun(connection, 'id', { steps: true })).toEqualTypeOf<AsyncIterable<WatchEvent>>()
    type Accepted = { readonly accepted: import('@dinoai/client').AcceptedMessage }
    expectTypeOf(sendMessageAndWatch(connection, 'id', 'hi')).resolves.toEqualTypeOf<
      AsyncIterable<RunEvent> & Accepted
    >()
    expectTypeOf(sendMessageAndWatch(connection, 'id', 'hi', { steps: true })).resolves.toEqualTypeOf<
      AsyncIterable<WatchEvent> & Accepted
    >()
    expectTypeOf(request(connection, DinoAiAgentRunDocument, { agentSessionId: 'x' })).resolves.toEqualTypeOf<
      ResultOf<typeof DinoAiAgentRunDocument>
    >()
    // @ts-expect-error: afterTs and followUp are set by sendMessageAndWatch itself
    void sendMessageAndWatch(connection, 'id', 'hi', { afterTs: 1 })
    // A client is a connection.
    expectTypeOf(client).toMatchTypeOf<import('@dinoai/client').DinoAiConnection>()
  })
})
