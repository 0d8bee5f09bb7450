import { createRequire } from 'node:module'
import * as operations from '@dinoai/operations'
import { resultShapes, schemaSdl } from '@dinoai/operations'
import { buildSchema, type DocumentNode, getOperationAST, parse } from 'graphql'
import { describe, expect, test } from 'vitest'

const require = createRequire(import.meta.url)
const plugin: {
  plugin(schema: unknown, documents: { document: DocumentNode }[]): string
} = require('../../../scripts/codegen-result-shapes.cjs')

const documents = Object.entries(operations).filter(
  (entry): entry is [string, DocumentNode] =>
    entry[0].endsWith('Document') && typeof entry[1] === 'object' && entry[1] !== null,
)

describe('resultShapes', () => {
  test('has the shape of every generated operation, and nothing else', () => {
    const names = documents.map(([, d]) => getOperationAST(d)?.name?.value).sort()
    expect(names.length).toBeGreaterThanOrEqual(6)
    expect(Object.keys(resultShapes).sort()).toEqual(names)
  })

  test('follows the schema: non-null lists of non-null objects, nullable steps, open enums', () => {
    const run = resultShapes.DinoaiAgentRunWithSteps.fields.dinoaiAgentRun
    expect(run.fields.messages).toMatchObject({
      kind: 'list',
      nullable: false,
      of: { kind: 'object', nullable: false },
    })
    expect(run.fields.messages.of.fields.ts).toEqual({ kind: 'Float', nullable: false })
    expect(run.fields.steps).toMatchObject({ kind: 'list', nullable: true })
    expect(run.fields.steps.of.fields.index).toEqual({ kind: 'Int', nullable: false })
    expect(run.fields.steps.of.fields.toolName).toEqual({ kind: 'String', nullable: true })
    expect(run.fields.status).toEqual({ kind: 'enum', nullable: false })
    // Fields a document does not select are not in its shape: the older read has no steps.
    expect(Object.keys(resultShapes.DinoaiAgentRun.fields.dinoaiAgentRun.fields)).not.toContain('steps')
  })
})

describe('the codegen plugin', () => {
  const schema = buildSchema(`
    scalar JSON
    interface Node { id: ID! }
    type Thing implements Node { id: ID! name: String count: Int extra: JSON }
    type Query { thing: Thing, node: Node, things: [[Thing]!] }
  `)
  const shapesOf = (source: string): string => plugin.plugin(schema, [{ document: parse(source) }])

  test('keys fields by alias, merges fragments, marks @include fields optional, leaves custom scalars unchecked', () => {
    const out = shapesOf(`
      fragment F on Thing { count }
      query Q($b: Boolean!) { t: thing { __typename label: name ...F ... on Thing { id } extra @include(if: $b) } things { id } }
    `)
    const json = JSON.parse(out.slice(out.indexOf('= {') + 2, out.lastIndexOf('}') + 1))
    expect(json.Q.fields.t.fields).toEqual({
      __typename: { kind: 'String', nullable: false },
      label: { kind: 'String', nullable: true },
      count: { kind: 'Int', nullable: true },
      id: { kind: 'ID', nullable: false },
      extra: { kind: 'unknown', nullable: true, optional: true },
    })
    expect(json.Q.fields.things).toEqual({
      kind: 'list',
      nullable: true,
      of: {
        kind: 'list',
        nullable: false,
        of: { kind: 'object', nullable: true, fields: { id: { kind: 'ID', nullable: false } } },
      },
    })
  })

  test('refuses abstract types with a message that says so, instead of a wrong shape', () => {
    expect(() => shapesOf('query N { node { id } }')).toThrow(/Node is abstract/)
  })

  test('works on the checked-in schema', () => {
    expect(() =>
      plugin.plugin(
        buildSchema(schemaSdl),
        documents.map(([, document]) => ({ document })),
      ),
    ).not.toThrow()
  })
})
