// The mock serves the schema it is given (an SDL or a GraphQLSchema), answers introspection of it as
// graphql-js does, and refuses introspection when told to, as a production server with it off does.
import { schemaSdl } from '@dinoai/operations'
import { createMockDinoAi, MockDinoAiUsageError } from '@dinoai/testing'
import {
  assertObjectType,
  buildASTSchema,
  buildClientSchema,
  buildSchema,
  type GraphQLSchema,
  getIntrospectionQuery,
  parse,
  printSchema,
} from 'graphql'
import { afterEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

// One more field and one more query than the shipped schema, added through the AST (not with
// extendSchema: graphql-js drops the schema's description there), under names the schema lacks
// whatever it gains.
const shippedSchema = buildSchema(schemaSdl)
const fresh = (taken: readonly string[], base: string): string => {
  let name = base
  for (let i = 2; taken.includes(name); i++) name = `${base}${i}`
  return name
}
const cost = fresh(
  Object.keys(assertObjectType(shippedSchema.getType('DinoAiAgentRun')).getFields()),
  'costUsd',
)
const template = fresh(Object.keys(shippedSchema.getTypeMap()), 'DinoAiAgentTemplate')
const templates = fresh(Object.keys(shippedSchema.getQueryType()?.getFields() ?? {}), 'dinoaiAgentTemplates')

const grown = (): GraphQLSchema => {
  const extension = parse(`
    extend type DinoAiAgentRun { ${cost}: Float }
    type ${template} { name: String! }
    extend type Query { ${templates}: [${template}!]! }
  `)
  const shipped = parse(schemaSdl)
  return buildASTSchema({ ...shipped, definitions: [...shipped.definitions, ...extension.definitions] })
}

const trigger = 'mutation { triggerDinoaiAgentRun(message: "hi") { agentSessionId } }'
const readStatus = 'query($id: String!) { dinoaiAgentRun(agentSessionId: $id) { status } }'
const readCost = `query($id: String!) { dinoaiAgentRun(agentSessionId: $id) { status ${cost} } }`

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe.each(MODES)('%s', (mode) => {
  test.each([
    ['a GraphQLSchema', grown],
    ['an SDL string', () => printSchema(grown())],
  ])(
    'schema given as %s is served: the state answers what it knows, mocks fill the rest',
    async (_, given) => {
      h = await harness(mode, { schema: given(), seed: 3 })
      const id = (await gql(h, trigger)).body.data.triggerDinoaiAgentRun.agentSessionId
      const first = await gql(h, readCost, { id })
      expect(first.status).toBe(200)
      expect(first.body.errors).toBeUndefined()
      expect(first.body.data.dinoaiAgentRun.status).toBe('QUEUED')
      expect(typeof first.body.data.dinoaiAgentRun[cost]).toBe('number')
      const second = await gql(h, readCost, { id })
      expect(second.body.data.dinoaiAgentRun).toEqual({
        ...first.body.data.dinoaiAgentRun,
        status: 'RUNNING',
      })
      const listed = await gql(h, `{ ${templates} { name } }`)
      expect(listed.body.data[templates].length).toBeGreaterThan(0)
    },
  )

  test('introspection answers the served schema, descriptions included', async () => {
    h = await harness(mode, { schema: grown() })
    const { status, body } = await gql(
      h,
      getIntrospectionQuery({ descriptions: true, schemaDescription: true }),
    )
    expect(status).toBe(200)
    const served = buildClientSchema(body.data)
    expect(printSchema(served)).toBe(printSchema(grown()))
    expect(served.description).toBe(buildSchema(schemaSdl).description)
  })

  test('the default mock introspects as the shipped schema', async () => {
    h = await harness(mode)
    const { body } = await gql(h, getIntrospectionQuery({ descriptions: true, schemaDescription: true }))
    expect(printSchema(buildClientSchema(body.data))).toBe(printSchema(buildSchema(schemaSdl)))
  })

  test('introspection: false refuses __schema and __type with HTTP 400 and a validation error', async () => {
    h = await harness(mode, { introspection: false })
    for (const query of [getIntrospectionQuery(), '{ __type(name: "Query") { name } }']) {
      const { status, body } = await gql(h, query)
      expect(status).toBe(400)
      expect(body.data).toBeUndefined()
      expect(body.errors[0].message).toMatch(
        /^GraphQL introspection has been disabled, but the requested query contained the field "__(schema|type)"\./,
      )
      expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
    }
    // Everything else still works, __typename included (it is not introspection of the schema).
    expect((await gql(h, '{ __typename }')).body).toEqual({ data: { __typename: 'Query' } })
    const id = (await gql(h, trigger)).body.data.triggerDinoaiAgentRun.agentSessionId
    expect((await gql(h, readStatus, { id })).status).toBe(200)
  })
})

test('introspection stays on by default and for introspection: true', async () => {
  for (const introspection of [undefined, true]) {
    h = await harness('in-process', introspection === undefined ? {} : { introspection })
    expect((await gql(h, '{ __schema { queryType { name } } }')).body).toEqual({
      data: { __schema: { queryType: { name: 'Query' } } },
    })
  }
})

test('legacy applies to a schema given as a GraphQLSchema', async () => {
  h = await harness('in-process', { schema: grown(), legacy: true })
  const refused = await gql(h, '{ dinoaiAgentRun(agentSessionId: "x") { steps { index } } }')
  expect(refused.status).toBe(400)
  expect(refused.body.errors[0].message).toMatch(/^Cannot query field "steps" on type "DinoAiAgentRun"\./)
  const id = (await gql(h, trigger)).body.data.triggerDinoaiAgentRun.agentSessionId
  expect((await gql(h, readCost, { id })).status).toBe(200)
})

test('bad schema options fail when the mock is created, saying what to pass', () => {
  const cases: [unknown, RegExp][] = [
    [{ schema: 'type Query { run: Nope }' }, /^schema is not a valid GraphQL schema: Unknown type "Nope"\./],
    [{ schema: schemaSdl, schemaSdl }, /^Pass schema or schemaSdl, not both/],
    [{ schema: 42 }, /^schema must be an SDL string or a GraphQLSchema\.$/],
    [
      { schemaSdl: buildSchema(schemaSdl) },
      /^schemaSdl must be an SDL string; to pass a GraphQLSchema, use schema\.$/,
    ],
    [{ introspection: 'no' }, /^introspection must be true or false, got "no"\.$/],
  ]
  for (const [options, message] of cases) {
    // biome-ignore lint/suspicious/noExplicitAny: wrong option types on purpose
    const create = () => createMockDinoAi(options as any)
    expect(create).toThrow(MockDinoAiUsageError)
    expect(create).toThrow(message)
  }
})
