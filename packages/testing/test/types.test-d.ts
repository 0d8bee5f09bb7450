import type {
  MockDinoAi,
  MockDinoAiControls,
  MockDinoAiServer,
  MockRun,
  ScriptStep,
  Step,
} from '@dinoai/testing'
import type { ClientOptions } from '@urql/core'
import { expectTypeOf, test } from 'vitest'

test('mock.fetch fits wherever a fetch function is expected', () => {
  expectTypeOf<MockDinoAi['fetch']>().toExtend<typeof fetch>()
  expectTypeOf<MockDinoAi['fetch']>().toExtend<NonNullable<ClientOptions['fetch']>>()
})

test('the server and the in-process mock share the controls', () => {
  expectTypeOf<MockDinoAiServer>().toExtend<MockDinoAiControls>()
  expectTypeOf<MockDinoAi>().toExtend<MockDinoAiControls>()
})

test('steps only take statuses the schema knows', () => {
  expectTypeOf<{ status: 'PAUSED' }>().not.toExtend<ScriptStep>()
  expectTypeOf<MockRun['status']>().toEqualTypeOf<
    'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'EXPIRED' | 'STOPPED'
  >()
})

test('Step stays an alias of ScriptStep, so scripts written before the rename compile', () => {
  expectTypeOf<Step>().toEqualTypeOf<ScriptStep>()
})

test('mock.clock fits the client clock shape', () => {
  expectTypeOf<MockDinoAi['clock']>().toExtend<{
    now(): number
    sleep(ms: number, signal?: AbortSignal): Promise<void>
    random(): number
  }>()
  expectTypeOf<MockDinoAiServer['clock']>().toEqualTypeOf<MockDinoAi['clock']>()
})
