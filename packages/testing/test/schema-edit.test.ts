import { schemaSdl } from '@dinoai/operations'
import { editSchemaSdl, MockDinoAiUsageError } from '@dinoai/testing'
import { assertEnumType, assertObjectType, assertUnionType, buildSchema } from 'graphql'
import { describe, expect, test } from 'vitest'

const sdl = `
  """A thing."""
  type Thing { """Its id.""" id: ID! "Its size." size(
    "In what unit." unit: String
  ): Int }
  enum Color { RED }
  union Any = Thing
  input Filter { color: Color }
  type Query { thing: Thing }
`

describe('editSchemaSdl', () => {
  test('adds fields, enum values, union members, interfaces and new types, keeping the rest', () => {
    const out = buildSchema(
      editSchemaSdl(sdl, {
        extend: `
          interface Node { id: ID! }
          type Other implements Node { id: ID! }
          extend type Thing implements Node { name: String }
          extend enum Color { GREEN }
          extend union Any = Other
          extend input Filter { nested: Filter }
        `,
      }),
    )
    const thing = assertObjectType(out.getType('Thing'))
    expect(Object.keys(thing.getFields())).toEqual(['id', 'size', 'name'])
    expect(thing.getInterfaces().map(String)).toEqual(['Node'])
    expect(thing.description).toBe('A thing.')
    expect(
      assertEnumType(out.getType('Color'))
        .getValues()
        .map((v) => v.name),
    ).toEqual(['RED', 'GREEN'])
    expect(assertUnionType(out.getType('Any')).getTypes().map(String)).toEqual(['Thing', 'Other'])
    expect(out.getType('Filter')?.toString()).toBe('Filter')
  })

  test('a field written again replaces it and keeps the descriptions it does not restate', () => {
    const out = editSchemaSdl(sdl, {
      extend:
        'extend type Thing { size(unit: String, "Rounded." round: Boolean = true): Float @deprecated(reason: "Use id.") }',
    })
    const size = assertObjectType(buildSchema(out).getType('Thing')).getFields().size
    expect(String(size?.type)).toBe('Float')
    expect(size?.description).toBe('Its size.')
    expect(size?.deprecationReason).toBe('Use id.')
    expect(size?.args.map((a) => [a.name, a.description, a.defaultValue])).toEqual([
      ['unit', 'In what unit.', undefined],
      ['round', 'Rounded.', true],
    ])
  })

  test('removes types and members by schema coordinate', () => {
    const out = buildSchema(
      editSchemaSdl(sdl, {
        remove: ['Thing.size', 'Color.RED', 'Filter'],
        extend: 'extend enum Color { BLUE }',
      }),
    )
    expect(Object.keys(assertObjectType(out.getType('Thing')).getFields())).toEqual(['id'])
    expect(
      assertEnumType(out.getType('Color'))
        .getValues()
        .map((v) => v.name),
    ).toEqual(['BLUE'])
    expect(out.getType('Filter')).toBeUndefined()
  })

  test('an edit that would do nothing throws, naming it', () => {
    const fails = (edits: Parameters<typeof editSchemaSdl>[1], message: RegExp) => {
      expect(() => editSchemaSdl(sdl, edits)).toThrow(MockDinoAiUsageError)
      expect(() => editSchemaSdl(sdl, edits)).toThrow(message)
    }
    fails({ extend: 'extend type Nope { a: Int }' }, /extend type Nope names no such type/)
    fails({ extend: 'extend enum Thing { A }' }, /extend enum Thing names no such type/)
    fails({ extend: 'type Thing { a: Int }' }, /Thing is already defined; use `extend`/)
    fails({ remove: ['Thing.nope'] }, /cannot remove Thing.nope: Thing has no nope/)
    fails({ remove: ['Nope'] }, /cannot remove Nope: no type Nope/)
  })

  test('the package schema, edited, still builds and keeps every description', () => {
    const out = buildSchema(
      editSchemaSdl(schemaSdl, { extend: 'extend type DinoAiAgentRun { "Cost so far." extra: Float }' }),
    )
    const fields = assertObjectType(out.getType('DinoAiAgentRun')).getFields()
    expect(fields.extra?.description).toBe('Cost so far.')
    expect(Object.values(fields).filter((f) => !f.description)).toEqual([])
  })
})
