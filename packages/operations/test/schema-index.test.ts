import { fileURLToPath } from 'node:url'
import { type SchemaLike, schemaIndexOf } from '@dinoai/operations'
import { build } from 'esbuild'
import { buildSchema } from 'graphql'
import { describe, expect, test } from 'vitest'

describe('schemaIndexOf', () => {
  test('indexes every kind of named type, leaving out the built-in scalars and introspection', () => {
    const schema = buildSchema(`
      scalar JSON
      enum Color { RED GREEN }
      interface Node { id: ID! }
      type Thing implements Node { id: ID! tags: [String!] color: Color extra: JSON }
      type Person implements Node { id: ID! }
      union Found = Thing | Person
      input Filter { color: Color }
      type Query { node(id: ID!): Node, search(filter: Filter): [Found!]! }
      type Mutation { touch: Boolean }
    `)
    expect(schemaIndexOf(schema)).toEqual({
      query: 'Query',
      mutation: 'Mutation',
      types: {
        JSON: 'scalar',
        Color: 'enum',
        Node: { kind: 'interface', fields: { id: 'ID!' }, possibleTypes: ['Thing', 'Person'] },
        Thing: {
          kind: 'object',
          fields: { id: 'ID!', tags: '[String!]', color: 'Color', extra: 'JSON' },
        },
        Person: { kind: 'object', fields: { id: 'ID!' } },
        Found: { kind: 'union', possibleTypes: ['Thing', 'Person'] },
        Filter: 'input',
        Query: { kind: 'object', fields: { node: 'Node', search: '[Found!]!' } },
        Mutation: { kind: 'object', fields: { touch: 'Boolean' } },
      },
    })
  })

  test('keeps the root types a schema names, whatever they are called', () => {
    const index = schemaIndexOf(buildSchema('schema { query: Root } type Root { up: Int }'))
    expect(index.query).toBe('Root')
    expect(index.mutation).toBeUndefined()
    expect(Object.keys(index.types)).toEqual(['Root'])
  })

  test('a schema that is not graphql-js 16 is refused, naming the type', () => {
    const typeMap = { Query: { name: 'Query' } }
    const foreign: SchemaLike = {
      getQueryType: () => typeMap.Query,
      getMutationType: () => null,
      getSubscriptionType: () => null,
      getTypeMap: () => typeMap,
      getPossibleTypes: () => [],
    }
    expect(() => schemaIndexOf(foreign)).toThrow(
      /type Query is not a graphql-js 16 schema type \(its tag is Object\)/,
    )
  })

  // The client bundles @dinoai/operations for browsers: the index builder must not bring graphql-js.
  test('the package bundles without graphql-js', async () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((input) => input.endsWith('shapes/schema-index.ts'))).toBe(true)
    expect(inputs.filter((input) => /node_modules[\\/](\.pnpm[\\/])?graphql[@\\/]/.test(input))).toEqual([])
  })
})
