import * as operations from '@dinoai/operations'
import {
  findMismatch,
  pathText,
  resultShapeOf,
  schemaIndex,
  schemaIndexOf,
  schemaSdl,
} from '@dinoai/operations'
import {
  buildSchema,
  type DocumentNode,
  execute,
  type GraphQLAbstractType,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  isEnumType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  printSchema,
} from 'graphql'
import { describe, expect, test } from 'vitest'
import { leafOf, requiredVariables } from '../../../scripts/vitest-schema-values.js'

// Every document the package exports, found at run time: a new .graphql file is covered by codegen alone.
const documents = Object.entries(operations).filter(
  (entry): entry is [string, DocumentNode] =>
    entry[0].endsWith('Document') && typeof entry[1] === 'object' && entry[1] !== null,
)
const schema = buildSchema(schemaSdl)

/** An answer to `document` made by graphql-js from the schema alone: lists of two, nulls where nullable when `nulls`. */
function answerOf(document: DocumentNode, on: GraphQLSchema, nulls: boolean): unknown {
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (_source, _args, _context, info) => {
    const value = (type: GraphQLOutputType): unknown => {
      if (nulls && !isNonNullType(type)) return null
      const inner = getNullableType(type)
      if (isListType(inner)) return [value(inner.ofType), value(inner.ofType)]
      return isScalarType(getNamedType(inner)) || isEnumType(inner) ? leafOf(inner) : {}
    }
    return value(info.returnType)
  }
  // The last possible type, so that a shape that only knows the first would be caught.
  const typeResolver = (
    _value: unknown,
    _context: unknown,
    info: { schema: GraphQLSchema },
    type: GraphQLAbstractType,
  ) => info.schema.getPossibleTypes(type).at(-1)?.name
  const variableValues = requiredVariables(document, on)
  const result = execute({ schema: on, document, fieldResolver, typeResolver, variableValues })
  if ('then' in result) throw new Error('the answer should be synchronous')
  expect(result.errors ?? []).toEqual([])
  return result.data
}

/** Every leaf (scalar or enum) of an answer with its path. */
function leaves(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]))
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]))
  return value === null ? [] : [{ path, value }]
}

function withValueAt(data: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(data)
  let parent = copy as Record<string | number, unknown>
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>
  const last = path.at(-1) as string | number
  if (value === undefined) delete parent[last]
  else parent[last] = value
  return copy
}

describe.each(documents)('%s', (_name, document) => {
  test("its shape has the operation's top-level fields, by response key", () => {
    const operation = getOperationAST(document)
    const keys = operation?.selectionSet.selections.map((s) =>
      s.kind === 'Field' ? (s.alias ?? s.name).value : '',
    )
    expect(Object.keys(resultShapeOf(document).fields).sort()).toEqual([...(keys ?? [])].sort())
  })

  test('answers made from the schema fit, with values and with every nullable position null', () => {
    expect(findMismatch(answerOf(document, schema, false), resultShapeOf(document))).toBeUndefined()
    expect(findMismatch(answerOf(document, schema, true), resultShapeOf(document))).toBeUndefined()
  })

  test('a leaf of the wrong JSON type, or a missing field, is found at its path', () => {
    const data = answerOf(document, schema, false)
    const all = leaves(data)
    expect(all.length).toBeGreaterThan(0)
    for (const leaf of all) {
      const wrong = typeof leaf.value === 'string' ? 42 : 'not-a-scalar'
      expect(findMismatch(withValueAt(data, leaf.path, wrong), resultShapeOf(document))?.path).toEqual(
        leaf.path,
      )
      // Our documents use no @include/@skip, so every selected field is required.
      expect(findMismatch(withValueAt(data, leaf.path, undefined), resultShapeOf(document))?.path).toEqual(
        leaf.path,
      )
    }
  })
})

describe('resultShapeOf', () => {
  test('is computed once per document object: a later call is the same shape, another object is built anew', () => {
    const [[, document]] = documents as [[string, DocumentNode]]
    const first = resultShapeOf(document)
    expect(resultShapeOf(document)).toBe(first)
    const copy = structuredClone(document)
    expect(resultShapeOf(copy)).not.toBe(first)
    expect(resultShapeOf(copy)).toEqual(first)
  })

  test('the generated index is the one of the checked-in schema', () => {
    expect(schemaIndex).toEqual(schemaIndexOf(buildSchema(printSchema(schema))))
  })
})

describe('shapes of any schema and document', () => {
  const sdl = `
    scalar JSON
    enum Color { RED GREEN }
    interface Node { id: ID! }
    interface Named { name: String }
    type Thing implements Node & Named { id: ID! name: String count: Int extra: JSON color: Color! parts: [[Thing]!] }
    type Person implements Node & Named { id: ID! name: String age: Int! }
    type Place implements Node { id: ID! city: String! }
    union Result = Thing | Person
    input Filter { color: Color }
    type Query { thing: Thing, node(id: ID!): Node, nodes: [Node!]!, search(filter: Filter): [Result!] }
  `
  const index = schemaIndexOf(buildSchema(sdl))
  const shapeOf = (source: string) => resultShapeOf(parse(source), index)
  const check = (source: string, data: unknown) => findMismatch(data, shapeOf(source))

  test('keys fields by alias, merges fragments and repeated fields, leaves custom scalars unchecked but non-null checked', () => {
    const shape = shapeOf(`
      fragment F on Thing { count parts { id } }
      query Q { t: thing { label: name ...F ... on Thing { id parts { name } } extra color } }
    `)
    expect(shape.fields.t).toEqual({
      kind: 'object',
      nullable: true,
      fields: {
        label: { kind: 'String', nullable: true },
        count: { kind: 'Int', nullable: true },
        parts: {
          kind: 'list',
          nullable: true,
          of: {
            kind: 'list',
            nullable: false,
            of: {
              kind: 'object',
              nullable: true,
              fields: { id: { kind: 'ID', nullable: false }, name: { kind: 'String', nullable: true } },
            },
          },
        },
        id: { kind: 'ID', nullable: false },
        extra: { kind: 'unknown', nullable: true },
        color: { kind: 'enum', nullable: false },
      },
    })
    // Enums are open: a value the schema does not list yet is data.
    expect(check('{ thing { color } }', { thing: { color: 'BLUE' } })).toBeUndefined()
    expect(check('{ thing { extra } }', { thing: { extra: { any: ['json'] } } })).toBeUndefined()
  })

  test('@include and @skip with a variable make a field optional; literal false leaves it out; one unconditional occurrence makes it required', () => {
    const shape = shapeOf(`query Q($b: Boolean!) {
      thing { id @include(if: $b) name @skip(if: true) count @include(if: true) color @skip(if: $b) color
        ... @include(if: $b) { age: count } }
    }`)
    const fields = shape.fields.thing?.kind === 'object' ? shape.fields.thing.fields : {}
    expect(fields).toEqual({
      id: { kind: 'ID', nullable: false, optional: true },
      count: { kind: 'Int', nullable: true },
      color: { kind: 'enum', nullable: false },
      age: { kind: 'Int', nullable: true, optional: true },
    })
  })

  test('an interface gets a shape per possible type, chosen by __typename', () => {
    const source = `{ node(id: "1") { __typename id ... on Named { name } ... on Person { age } } }`
    const shape = shapeOf(source).fields.node
    expect(shape?.kind).toBe('abstract')
    expect(shape?.kind === 'abstract' && Object.keys(shape.possible).sort()).toEqual([
      'Person',
      'Place',
      'Thing',
    ])
    expect(check(source, { node: { __typename: 'Person', id: '1', name: null, age: 40 } })).toBeUndefined()
    expect(check(source, { node: { __typename: 'Place', id: '1' } })).toBeUndefined()
    // A Person must have its age; a Place has no name to check.
    expect(check(source, { node: { __typename: 'Person', id: '1', name: 'A' } })).toMatchObject({
      path: ['node', 'age'],
      expected: 'a non-null Int (the field is missing)',
    })
    expect(check(source, { node: { __typename: 'Thing', id: '1', name: 3 } })?.path).toEqual(['node', 'name'])
  })

  test('__typename must name a possible type', () => {
    const source = '{ nodes { __typename id } thing { __typename } }'
    expect(check(source, { nodes: [{ __typename: 'Car', id: '1' }], thing: null })).toEqual({
      path: ['nodes', 0, '__typename'],
      expected: 'a __typename naming Thing or Person or Place',
      actual: 'Car',
    })
    expect(check(source, { nodes: [], thing: { __typename: 'Person' } })).toEqual({
      path: ['thing', '__typename'],
      expected: 'a __typename naming Thing',
      actual: 'Person',
    })
    expect(check(source, { nodes: [{ __typename: 'constructor', id: '1' }], thing: null })?.path).toEqual([
      'nodes',
      0,
      '__typename',
    ])
  })

  test('without __typename, an abstract value must fit one of its possible types', () => {
    const source = '{ search { ... on Thing { count } ... on Person { age } } }'
    expect(check(source, { search: [{ count: null }, { age: 3 }] })).toBeUndefined()
    // Neither a Thing (count is an Int) nor a Person (age is missing): the deeper mismatch is named.
    expect(check(source, { search: [{ count: 'many' }] })).toMatchObject({ path: ['search', 0, 'count'] })
    expect(check(source, { search: ['Thing'] })).toMatchObject({
      path: ['search', 0],
      expected: 'a non-null object of type Thing or Person',
    })
  })

  test('a fragment on the abstract type applies to each possible type', () => {
    const source = `
      fragment R on Result { __typename ... on Thing { id } ... on Person { age } }
      fragment N on Named { name }
      { search { ...R ...N } }`
    const search = shapeOf(source).fields.search
    const item = search?.kind === 'list' ? search.of : undefined
    expect(item?.kind === 'abstract' && Object.keys(item.possible.Person?.fields ?? {})).toEqual([
      '__typename',
      'age',
      'name',
    ])
    expect(check(source, { search: [{ __typename: 'Thing', id: '1', name: null }] })).toBeUndefined()
    expect(check(source, { search: [{ __typename: 'Thing', name: null }] })?.path).toEqual([
      'search',
      0,
      'id',
    ])
  })

  test('fields and types the index does not know, and introspection, are unchecked', () => {
    const source = `{ __typename __schema { types { name } } thing { id newField { deep } ... on NewType { other } } }`
    const shape = shapeOf(source)
    expect(shape.fields.__typename).toEqual({ kind: 'typename', nullable: false, names: ['Query'] })
    expect(shape.fields.__schema).toEqual({ kind: 'unknown', nullable: true, optional: true })
    expect(
      check(source, {
        __typename: 'Query',
        __schema: { types: [] },
        thing: { id: '1', newField: 5, other: [] },
      }),
    ).toBeUndefined()
    expect(check(source, { __typename: 'Query', thing: { id: '1' } })).toBeUndefined()
    // A name that only Object.prototype has is not a field of the schema either.
    expect(shapeOf('{ thing { constructor } }').fields.thing).toMatchObject({
      fields: { constructor: { kind: 'unknown', optional: true } },
    })
  })

  test('a document for a root type the schema lacks, without an operation, or with an undefined fragment, throws saying so', () => {
    expect(() => shapeOf('subscription OnRun { thing { id } }')).toThrow(
      'resultShapeOf: the schema has no subscription root type, so subscription OnRun cannot be answered or checked.',
    )
    expect(() => shapeOf('mutation { x }')).toThrow(/no mutation root type, so this mutation/)
    expect(() => shapeOf('fragment F on Thing { id }')).toThrow(/has no operation/)
    expect(() => shapeOf('{ thing { ...Missing } }')).toThrow(/does not define fragment Missing/)
  })

  test('pathText writes a mismatch path as a JSON path', () => {
    expect(pathText('data', ['search', 0, 'count'])).toBe('data.search[0].count')
  })

  test('answers made by graphql-js for abstract and nested selections fit', () => {
    const document = parse(`
      fragment R on Result { __typename ... on Thing { id parts { id color } } ... on Person { age name } }
      { search { ...R } nodes { __typename id ... on Named { name } } thing { parts { extra } } }`)
    const on = buildSchema(sdl)
    for (const nulls of [false, true])
      expect(findMismatch(answerOf(document, on, nulls), resultShapeOf(document, index))).toBeUndefined()
  })
})
