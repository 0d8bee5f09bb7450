import type {
  DinoAiAgentMessage,
  DinoAiAgentRun,
  DinoAiAgentRunFieldsFragment,
  DinoAiAgentRunWithSteps,
  DinoAiAgentStartupStep,
  DinoAiAgentStep,
  SendDinoAiAgentMessageMutation,
  StopDinoAiAgentRunMutation,
  TriggerDinoAiAgentRunMutation,
  TriggerDinoAiAgentRunWithModelFamilyMutation,
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
} from '@dinoai/testing'
import { expectTypeOf, test } from 'vitest'
import { type FixtureDefaults, fixtureBuilder, runDefaults } from '../src/fixtures.js'

test('each builder returns exactly the generated type and takes a Partial of it', () => {
  expectTypeOf(buildRun).returns.toEqualTypeOf<DinoAiAgentRunFieldsFragment>()
  expectTypeOf(buildRun).returns.toEqualTypeOf<DinoAiAgentRun>()
  expectTypeOf(buildRun).parameter(0).toEqualTypeOf<Partial<DinoAiAgentRun> | undefined>()
  expectTypeOf(buildRunWithSteps).returns.toEqualTypeOf<DinoAiAgentRunWithSteps>()
  expectTypeOf(buildMessage).returns.toEqualTypeOf<DinoAiAgentMessage>()
  expectTypeOf(buildStep).returns.toEqualTypeOf<DinoAiAgentStep>()
  expectTypeOf(buildStartupStep).returns.toEqualTypeOf<DinoAiAgentStartupStep>()
  expectTypeOf(buildAcceptedTrigger).returns.toEqualTypeOf<
    TriggerDinoAiAgentRunWithModelFamilyMutation['triggerDinoaiAgentRun']
  >()
  expectTypeOf(buildSendResult).returns.toEqualTypeOf<
    SendDinoAiAgentMessageMutation['sendDinoaiAgentMessage']
  >()
  expectTypeOf(buildStopResult).returns.toEqualTypeOf<StopDinoAiAgentRunMutation['stopDinoaiAgentRun']>()
})

test('a built trigger result also fits the older document, which selects no warning', () => {
  expectTypeOf(buildAcceptedTrigger()).toExtend<TriggerDinoAiAgentRunMutation['triggerDinoaiAgentRun']>()
})

test('overrides are checked against the generated type', () => {
  // @ts-expect-error: not a status the schema knows
  buildRun({ status: 'PAUSED' })
  // @ts-expect-error: not a field of the run
  buildRun({ model: 'gpt' })
})

test('defaults must give every non-null field, and may leave nullable ones out', () => {
  type NextRun = DinoAiAgentRun & { model: string | null }
  // An additive nullable field: buildRun's defaults still type-check for the next version's run.
  expectTypeOf(runDefaults()).toExtend<FixtureDefaults<NextRun>>()
  expectTypeOf(fixtureBuilder<NextRun>)
    .parameter(1)
    .toEqualTypeOf<() => FixtureDefaults<NextRun>>()
  // An additive non-null field needs a default: the defaults stop type-checking, by design.
  type StrictRun = DinoAiAgentRun & { model: string }
  expectTypeOf(runDefaults()).not.toExtend<FixtureDefaults<StrictRun>>()
})
