import {
  createDinoAiClient,
  type DinoAiAgentRun,
  type DinoAiClient,
  type RunEvent,
  type TriggerRunInput,
} from '@dinoai/client'
import type { DinoAiAgentRun as OperationsRun } from '@dinoai/operations'
import { describe, expectTypeOf, test } from 'vitest'

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
