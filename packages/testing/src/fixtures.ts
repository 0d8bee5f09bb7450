import {
  type DinoAiAgentMessage,
  type DinoAiAgentRun,
  DinoAiAgentRunFieldsFragmentDoc,
  type DinoAiAgentRunWithSteps,
  DinoAiAgentRunWithStepsDocument,
  type DinoAiAgentStartupStep,
  DinoAiAgentStartupStepFieldsFragmentDoc,
  type DinoAiAgentStep,
  DinoAiAgentStepFieldsFragmentDoc,
  SendDinoAiAgentMessageDocument,
  type SendDinoAiAgentMessageMutation,
  StopDinoAiAgentRunDocument,
  type StopDinoAiAgentRunMutation,
  schemaSdl,
  TriggerDinoAiAgentRunWithModelFamilyDocument,
  type TriggerDinoAiAgentRunWithModelFamilyMutation,
} from '@dinoai/operations'
import { buildSchema, type DocumentNode, type GraphQLSchema } from 'graphql'
import { STARTUP_CHECKLIST } from './agent-steps.js'
import { MockDinoAiUsageError } from './errors.js'
import { type SelectedField, selectedFields } from './selection.js'

/** The keys of T whose values may be null. */
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T]

/**
 * What a builder's defaults must give: every field that cannot be null. Nullable fields default to
 * null, read from the document at run time, so a nullable field the schema gains needs no change here.
 */
export type FixtureDefaults<T> = Omit<T, NullableKeys<T>> & Partial<Pick<T, NullableKeys<T>>>

/** Where a builder's fields come from: a generated document, and the path to the object in it. */
export interface FixtureShape {
  document: DocumentNode
  path?: readonly string[]
  /** The SDL the document is read against. Default: `schemaSdl` from @dinoai/operations. */
  sdl?: string
}

const schemas = new Map<string, GraphQLSchema>()
const schemaOf = (sdl: string): GraphQLSchema => {
  let schema = schemas.get(sdl)
  if (!schema) {
    schema = buildSchema(sdl)
    schemas.set(sdl, schema)
  }
  return schema
}

/** Whether `value` has every field the document selects, non-null ones not null: a run-time check. */
function isComplete<T extends object>(value: object, fields: readonly SelectedField[]): value is T {
  const record: Record<string, unknown> = { ...value }
  return fields.every(({ key, nullable }) => {
    const field = record[key]
    return field !== undefined && (nullable || field !== null)
  })
}

/**
 * Makes a builder: defaults (fresh for every call), then every selected nullable field the
 * defaults leave out as null, then the caller's overrides; checked against the document's fields.
 */
export function fixtureBuilder<T extends object>(
  shape: FixtureShape,
  defaults: () => FixtureDefaults<T>,
): (overrides?: Partial<T>) => T {
  let fields: SelectedField[] | undefined
  return (overrides = {}) => {
    fields ??= selectedFields(schemaOf(shape.sdl ?? schemaSdl), shape.document, shape.path ?? [])
    const nulls = Object.fromEntries(fields.filter((f) => f.nullable).map((f) => [f.key, null]))
    const value: object = { ...nulls, ...defaults(), ...overrides }
    if (!isComplete<T>(value, fields)) {
      const missing = fields.filter((f) => !isComplete<T>(value, [f])).map((f) => f.key)
      throw new MockDinoAiUsageError(
        `The fixture lacks ${missing.join(', ')}: pass them as overrides, or give them a default in @dinoai/testing's fixtures.`,
      )
    }
    return value
  }
}

/** The session id every fixture uses unless told otherwise. */
const SESSION = 'dinoai-agent-000000000001'
/** 2024-04-26T14:40:36Z, the mock's epoch, in seconds. */
const TS = 1_714_142_436

type TriggerResult = TriggerDinoAiAgentRunWithModelFamilyMutation['triggerDinoaiAgentRun']
type SendResult = SendDinoAiAgentMessageMutation['sendDinoaiAgentMessage']
type StopResult = StopDinoAiAgentRunMutation['stopDinoaiAgentRun']

/** A transcript message; default: the user's question at the mock's epoch. */
export const buildMessage: (overrides?: Partial<DinoAiAgentMessage>) => DinoAiAgentMessage =
  fixtureBuilder<DinoAiAgentMessage>(
    { document: DinoAiAgentRunFieldsFragmentDoc, path: ['messages'] },
    () => ({ ts: TS, role: 'user', content: 'Check stg_orders for missing not_null tests.' }),
  )

const defaultMessages = (): DinoAiAgentMessage[] => [
  buildMessage(),
  buildMessage({ ts: TS + 5, role: 'agent', content: 'stg_orders: customer_id has no not_null test.' }),
]

/** The defaults of `buildRun`, apart, so a test can show that they survive an additive nullable field. */
export const runDefaults = (): FixtureDefaults<DinoAiAgentRun> => ({
  ok: true,
  agentSessionId: SESSION,
  status: 'COMPLETED',
  messages: defaultMessages(),
  childSessionIds: [],
  workspaceUid: 'dinoai-mock-workspace',
})

/** A run as `dinoaiAgentRun` returns it; default: COMPLETED, the user's question and the agent's answer. */
export const buildRun: (overrides?: Partial<DinoAiAgentRun>) => DinoAiAgentRun =
  fixtureBuilder<DinoAiAgentRun>({ document: DinoAiAgentRunFieldsFragmentDoc }, runDefaults)

/** An agent step; default: the agent's answer as step 0. */
export const buildStep: (overrides?: Partial<DinoAiAgentStep>) => DinoAiAgentStep =
  fixtureBuilder<DinoAiAgentStep>({ document: DinoAiAgentStepFieldsFragmentDoc }, () => ({
    index: 0,
    role: 'AGENT',
    content: 'stg_orders: customer_id has no not_null test.',
    truncated: false,
  }))

/** An item of the start-up checklist; default: the first, done. */
export const buildStartupStep: (overrides?: Partial<DinoAiAgentStartupStep>) => DinoAiAgentStartupStep =
  fixtureBuilder<DinoAiAgentStartupStep>({ document: DinoAiAgentStartupStepFieldsFragmentDoc }, () => ({
    label: STARTUP_CHECKLIST[0] ?? 'Queued',
    done: true,
  }))

/** A run read with steps; default: `buildRun()`'s run with its user, tool and agent steps and the checklist done. */
export const buildRunWithSteps: (overrides?: Partial<DinoAiAgentRunWithSteps>) => DinoAiAgentRunWithSteps =
  fixtureBuilder<DinoAiAgentRunWithSteps>(
    { document: DinoAiAgentRunWithStepsDocument, path: ['dinoaiAgentRun'] },
    () => ({
      ...buildRun(),
      steps: [
        buildStep({ role: 'USER', content: 'Check stg_orders for missing not_null tests.' }),
        buildStep({
          index: 1,
          role: 'TOOL',
          toolName: 'run_sql',
          toolInput: '{"sql":"select * from stg_orders limit 0"}',
          content: 'order_id, customer_id, amount',
        }),
        buildStep({ index: 2 }),
      ],
      startupSteps: STARTUP_CHECKLIST.map((label) => buildStartupStep({ label })),
    }),
  )

/** What `triggerDinoaiAgentRun` returns (with `warning`, as the newer document asks); default: accepted, no warning. */
export const buildAcceptedTrigger: (overrides?: Partial<TriggerResult>) => TriggerResult =
  fixtureBuilder<TriggerResult>(
    { document: TriggerDinoAiAgentRunWithModelFamilyDocument, path: ['triggerDinoaiAgentRun'] },
    () => ({ ok: true, agentSessionId: SESSION, status: 'queued' }),
  )

/** What `sendDinoaiAgentMessage` returns; default: accepted. */
export const buildSendResult: (overrides?: Partial<SendResult>) => SendResult = fixtureBuilder<SendResult>(
  { document: SendDinoAiAgentMessageDocument, path: ['sendDinoaiAgentMessage'] },
  () => ({ ok: true, agentSessionId: SESSION, status: 'queued' }),
)

/** What `stopDinoaiAgentRun` returns; default: the run was live and is now STOPPED. */
export const buildStopResult: (overrides?: Partial<StopResult>) => StopResult = fixtureBuilder<StopResult>(
  { document: StopDinoAiAgentRunDocument, path: ['stopDinoaiAgentRun'] },
  () => ({ ok: true, status: 'STOPPED' }),
)
