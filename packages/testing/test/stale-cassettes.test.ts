// Cassettes meet the schema, data included: a recorded answer is checked against the result shape
// of its document under the schema the mock serves, so a field whose type changed makes the
// cassette stale, named by file, line and JSON path. The recorded answers are made by graphql-js
// from the schema itself, and the field changed is found by executing the document (no schema
// names pinned): any valid schema leaves these tests meaningful.
import { writeFileSync } from 'node:fs'
import { DinoAiAgentRunDocument, pathText, schemaSdl } from '@dinoai/operations'
import { CassetteError, checkCassette, createMockDinoAi, editSchemaSdl } from '@dinoai/testing'
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
  isInterfaceType,
  isLeafType,
  isListType,
} from 'graphql'
import { describe, expect, test } from 'vitest'
import { leafOf, requiredVariables } from '../../../scripts/vitest-schema-values.js'
import { exchangeLine, useCassetteDir } from './cassette-helpers.js'

const cassettePath = useCassetteDir()
const HEADER = `${JSON.stringify({ cassette: 'dinoai', version: 1, schemaHash: 'sha256:x', recordedAt: '2026-11-01T00:00:00.000Z' })}\n`

/** A leaf field the answer holds: where, which schema field, and the value recorded there. */
interface Leaf {
  path: (string | number)[]
  parentType: string
  field: string
  type: GraphQLOutputType
  value: unknown
}

/**
 * The answer graphql-js gives to `document` from `schema` alone (lists of one, every field
 * filled), and each leaf field of it that has no arguments, in answer order.
 */
function answerOf(document: DocumentNode, schema: GraphQLSchema): { data: unknown; leaves: Leaf[] } {
  const leaves: Leaf[] = []
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (_source, _args, _context, info) => {
    const value = (type: GraphQLOutputType): unknown => {
      const inner = getNullableType(type)
      if (isListType(inner)) return [value(inner.ofType)]
      return isLeafType(getNamedType(inner)) ? leafOf(inner) : {}
    }
    const resolved = value(info.returnType)
    const field = info.parentType.getFields()[info.fieldName]
    if (
      !isListType(getNullableType(info.returnType)) &&
      isLeafType(getNamedType(info.returnType)) &&
      field?.args.length === 0
    ) {
      const path: (string | number)[] = []
      for (let at: typeof info.path | undefined = info.path; at; at = at.prev) path.unshift(at.key)
      leaves.push({
        path,
        parentType: info.parentType.name,
        field: info.fieldName,
        type: info.returnType,
        value: resolved,
      })
    }
    return resolved
  }
  const variableValues = requiredVariables(document, schema)
  const typeResolver = (
    _v: unknown,
    _c: unknown,
    info: { schema: GraphQLSchema },
    type: GraphQLAbstractType,
  ) => info.schema.getPossibleTypes(type)[0]?.name
  const result = execute({ schema, document, fieldResolver, typeResolver, variableValues })
  if ('then' in result) throw new Error('the answer should be synchronous')
  expect(result.errors ?? []).toEqual([])
  return { data: result.data, leaves }
}

/** The SDL with one field's type written again (`Type.field: String!`), through the AST. */
function retyped(sdl: string, leaf: Leaf, type: string): string {
  const kind = isInterfaceType(buildSchema(sdl).getType(leaf.parentType)) ? 'interface' : 'type'
  return editSchemaSdl(sdl, { extend: `extend ${kind} ${leaf.parentType} { ${leaf.field}: ${type} }` })
}

/** A cassette of one read of a run, answered with `data`. */
function cassetteOf(document: DocumentNode, data: unknown): string {
  const operationName = getOperationAST(document)?.name?.value ?? null
  return (
    HEADER +
    exchangeLine({ document, operationName, variables: { agentSessionId: '<session-1>' }, body: { data } })
  )
}

function withValueAt(data: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(data)
  let parent = copy as Record<string | number, unknown>
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>
  parent[path.at(-1) as string | number] = value
  return copy
}

const current = buildSchema(schemaSdl)
const recorded = answerOf(DinoAiAgentRunDocument, current)
// A leaf inside a list when there is one (its path then shows an index, e.g. `messages[0].ts`).
const leaf = recorded.leaves.find((l) => l.path.some((p) => typeof p === 'number')) ?? recorded.leaves[0]
const operation = getOperationAST(DinoAiAgentRunDocument)?.name?.value

describe('a recorded answer is checked against the schema the mock serves', () => {
  test('the run document reads a leaf field to change', () => {
    expect(leaf).toBeDefined()
  })

  test("after a field's type changes, loading fails naming the file, the line and the JSON path; checkCassette says the same", () => {
    if (!leaf) throw new Error('no leaf')
    const file = cassettePath()
    writeFileSync(file, cassetteOf(DinoAiAgentRunDocument, recorded.data))
    expect(() => createMockDinoAi({ replay: file })).not.toThrow()

    // A number becomes a string, a string a number: either way the recorded value no longer fits.
    const type = typeof leaf.value === 'string' ? 'Int!' : 'String!'
    const sdl = retyped(schemaSdl, leaf, type)
    const path = pathText('data', leaf.path)
    const message = `${file}:2: ${operation}: the recorded answer no longer fits the schema at ${path}: expected a non-null ${type.slice(0, -1)}, got ${JSON.stringify(leaf.value)}. The schema changed since this was recorded: record the cassette again.`
    const load = () => createMockDinoAi({ replay: file, schemaSdl: sdl })
    expect(load).toThrow(CassetteError)
    expect(load).toThrow(message)
    const report = checkCassette(file, { schemaSdl: sdl })
    expect(report.problems.map((p) => [p.kind, p.line, p.message])).toEqual([['stale', 2, message]])
  })

  test('a field made non-null that the cassette recorded as null makes it stale', () => {
    if (!leaf) throw new Error('no leaf')
    const file = cassettePath()
    // Recorded when the field was nullable, and null; the schema served now says non-null.
    const named = String(getNullableType(leaf.type))
    const before = retyped(schemaSdl, leaf, named)
    const after = retyped(schemaSdl, leaf, `${named}!`)
    writeFileSync(file, cassetteOf(DinoAiAgentRunDocument, withValueAt(recorded.data, leaf.path, null)))
    expect(() => createMockDinoAi({ replay: file, schemaSdl: before })).not.toThrow()
    expect(() => createMockDinoAi({ replay: file, schemaSdl: after })).toThrow(
      `${file}:2: ${operation}: the recorded answer no longer fits the schema at ${pathText('data', leaf.path)}: expected a non-null ${named}, got null.`,
    )
  })

  test('changes the recorded data still fits leave it loading: a new nullable field, a new enum value, a field made nullable', () => {
    if (!leaf) throw new Error('no leaf')
    const file = cassettePath()
    writeFileSync(file, cassetteOf(DinoAiAgentRunDocument, recorded.data))
    const enums = [...new Set(recorded.leaves.map((l) => getNamedType(l.type)).filter(isEnumType))]
    const extend = [
      `extend type ${leaf.parentType} { addedLater: String }`,
      ...enums.map((e) => `extend enum ${e.name} { ADDED_LATER }`),
    ].join('\n')
    const sdl = retyped(editSchemaSdl(schemaSdl, { extend }), leaf, String(getNullableType(leaf.type)))
    expect(() => createMockDinoAi({ replay: file, schemaSdl: sdl })).not.toThrow()
    expect(checkCassette(file, { schemaSdl: sdl }).problems).toEqual([])
  })

  test('a document of several operations is checked as the one recorded', () => {
    const sdl = 'type Query { count: Int, name: String }'
    const query = 'query Count { count } query Name { name }'
    const text = (operationName: string, data: unknown) =>
      HEADER + exchangeLine({ document: query, operationName, body: { data } })
    const check = (operationName: string, data: unknown) =>
      checkCassette('c.ndjson', { text: text(operationName, data), schemaSdl: sdl }).problems.map(
        (p) => p.reason,
      )
    expect(check('Name', { name: 'x' })).toEqual([])
    expect(check('Count', { count: 1 })).toEqual([])
    expect(check('Name', { name: 1 })).toEqual([
      'Name: the recorded answer no longer fits the schema at data.name: expected a nullable String, got 1. The schema changed since this was recorded: record the cassette again.',
    ])
  })
})
