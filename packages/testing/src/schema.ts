import { schemaSdl as defaultSdl } from '@dinoai/operations'
import { createMockStore, type IMockStore, isRef, type Ref } from '@graphql-tools/mock'
import { makeExecutableSchema } from '@graphql-tools/schema'
import {
  GraphQLError,
  type GraphQLFieldResolver,
  GraphQLSchema,
  isEnumType,
  Kind,
  parse,
  specifiedScalarTypes,
} from 'graphql'
import { presentStartup, presentSteps, type StepsArgs } from './agent-steps.js'
import { AGENT_STEPS, type RunView, STARTUP_DONE } from './mock-run.js'
import { type ModelFamilies, pickModelFamily } from './models.js'
import type { Random } from './random.js'
import type { RunStore } from './runs.js'

/** Per-request context the resolvers read: the mock's state and what the request carried. */
export interface ResolverContext {
  runs: RunStore
  workspaceUid: string
  models: ModelFamilies
  /** Set when a `steps-error` fault hit this request: `steps` and `startupSteps` fail with it. */
  stepsFault: { message: string; code: string } | null
  /** Schema-based mocks for fields the state does not define (created on first use). */
  mockStore: () => IMockStore
}

const badInput = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })

interface TriggerArgs {
  agent?: string | null
  message?: string | null
  slack?: { channel: string; threadTs: string } | null
  baseBranch?: string | null
  modelFamily?: string | null
}

// A field that fails nulls itself (both are nullable) and adds an error with its path beside the
// data: exactly how production answers when it cannot read a run's steps.
const failSteps = (ctx: ResolverContext): void => {
  if (ctx.stepsFault) {
    throw new GraphQLError(ctx.stepsFault.message, { extensions: { code: ctx.stepsFault.code } })
  }
}

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value

const resolvers = {
  Query: {
    dinoaiAgentRun(_: unknown, args: { agentSessionId: string }, ctx: ResolverContext) {
      const view = ctx.runs.read(args.agentSessionId)
      if (!view) {
        throw new GraphQLError(`Agent session "${args.agentSessionId}" not found.`, {
          extensions: { code: 'NOT_FOUND' },
        })
      }
      return view
    },
  },
  Mutation: {
    triggerDinoaiAgentRun(_: unknown, args: TriggerArgs, ctx: ResolverContext) {
      const agent = nonEmpty(args.agent)
      const message = nonEmpty(args.message)
      if (agent === null && message === null) {
        throw badInput('triggerDinoaiAgentRun needs at least one of agent or message.')
      }
      const slack = args.slack ?? null
      if (slack && (slack.channel === '' || slack.threadTs === '')) {
        throw badInput('slack needs both channel and threadTs, as non-empty strings.')
      }
      const { family, warning } = pickModelFamily(args.modelFamily, ctx.models)
      const run = ctx.runs.trigger({
        agent,
        message,
        slack: slack && { channel: slack.channel, threadTs: slack.threadTs },
        baseBranch: args.baseBranch ?? null,
        workspaceUid: ctx.workspaceUid,
        modelFamily: family,
      })
      return { ok: true, agentSessionId: run.agentSessionId, status: 'queued', warning }
    },
    stopDinoaiAgentRun(_: unknown, args: { agentSessionId: string }, ctx: ResolverContext) {
      return ctx.runs.stop(args.agentSessionId)
    },
    sendDinoaiAgentMessage(
      _: unknown,
      args: { agentSessionId: string; message: string },
      ctx: ResolverContext,
    ) {
      const run = ctx.runs.followUp(args.agentSessionId, args.message)
      return run
        ? { ok: true, agentSessionId: run.agentSessionId, status: 'queued' }
        : { ok: false, agentSessionId: args.agentSessionId, status: 'not_found' }
    },
  },
  DinoAiAgentRun: {
    steps(view: RunView, args: StepsArgs, ctx: ResolverContext) {
      failSteps(ctx)
      return presentSteps(view[AGENT_STEPS], args)
    },
    startupSteps(view: RunView, _args: unknown, ctx: ResolverContext) {
      failSteps(ctx)
      return presentStartup(view[STARTUP_DONE])
    },
  },
}

const schemas = new Map<string, GraphQLSchema>()

/**
 * The executable schema for an SDL, built once per process: resolvers keep no state of their
 * own and read everything from the request context, so every mock shares one schema.
 */
export function executableSchema(sdl: string = defaultSdl): GraphQLSchema {
  let schema = schemas.get(sdl)
  if (!schema) {
    const built = makeExecutableSchema({
      typeDefs: sdl,
      resolvers: { ...resolvers, ...abstractTypeResolvers(sdl) },
      // A newer or older SDL may lack one of the fields above; the rest still resolves.
      resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' },
    })
    // graphql-js keeps only the types a schema reaches, so the older schema (no Int field left) would
    // answer a newer document with 'Unknown type "Int"'. Servers know the built-in scalars whatever
    // they use, and the error that matters is the one naming the field or argument the backend lacks.
    const config = built.toConfig()
    schema = new GraphQLSchema({ ...config, types: [...config.types, ...specifiedScalarTypes] })
    schemas.set(sdl, schema)
  }
  return schema
}

const MOCK_REF = Symbol('mockRef')
type MockObject = { [MOCK_REF]: Ref }

// The state defines no interface or union, so their values are mocks (whose ref names the concrete
// type the store drew) or objects that say their __typename.
const mockTypeName = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined
  if (MOCK_REF in value) return (value as MockObject)[MOCK_REF].$ref.typeName
  return '__typename' in value && typeof value.__typename === 'string' ? value.__typename : undefined
}

/** `__resolveType` for every interface and union an SDL defines, so that a newer schema's abstract fields resolve. */
function abstractTypeResolvers(sdl: string): Record<string, { __resolveType: typeof mockTypeName }> {
  const abstract = parse(sdl).definitions.filter(
    (d) => d.kind === Kind.INTERFACE_TYPE_DEFINITION || d.kind === Kind.UNION_TYPE_DEFINITION,
  )
  return Object.fromEntries(abstract.map((d) => [d.name.value, { __resolveType: mockTypeName }]))
}

const wrap = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(wrap)
  if (isRef(value)) return { [MOCK_REF]: value } satisfies MockObject
  return value
}

/**
 * The resolver of every field without its own: state objects answer for their properties, and a
 * field they lack (one the schema gained, say) gets a schema-based mock value, stable per run.
 */
export const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  if (typeof source === 'object' && source !== null) {
    if (MOCK_REF in source)
      return wrap(ctx.mockStore().get((source as MockObject)[MOCK_REF], info.fieldName, args))
    if (info.fieldName in source) return (source as Record<string, unknown>)[info.fieldName]
  }
  const key =
    typeof source === 'object' && source !== null && 'agentSessionId' in source
      ? String(source.agentSessionId)
      : 'ROOT'
  return wrap(ctx.mockStore().get(info.parentType.name, key, info.fieldName, args))
}

/** A mock store whose values depend only on the seed: scalars and enum values drawn from the seeded PRNG. */
export function seededMockStore(schema: GraphQLSchema, random: Random): IMockStore {
  const mocks: Record<string, () => unknown> = {
    String: () => `mock-${random.hex(8)}`,
    ID: () => `mock-id-${random.hex(12)}`,
    Int: () => Math.floor(random.next() * 200) - 100,
    Float: () => Math.round((random.next() * 200 - 100) * 1000) / 1000,
    Boolean: () => random.next() >= 0.5,
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (isEnumType(type) && !type.name.startsWith('__')) {
      const values = type.getValues()
      mocks[type.name] = () => values[Math.floor(random.next() * values.length)]?.value
    }
  }
  return createMockStore({ schema, mocks, mockGenerationBehavior: 'deterministic' })
}
