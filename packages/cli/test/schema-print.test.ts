// The SDL printer behind `dinoai schema pull`: an unchanged API prints the checked-in file byte for
// byte, whatever order the server lists things in; what is new goes after; nothing is lost; and the
// output is what Biome (which formats schema.graphql here) leaves as it is.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { schemaSdl } from '@dinoai/operations'
import {
  buildASTSchema,
  buildClientSchema,
  buildSchema,
  introspectionFromSchema,
  lexicographicSortSchema,
  parse,
  printSchema,
} from 'graphql'
import { describe, expect, test } from 'vitest'
import { layoutOf } from '../src/schema/layout.js'
import { printSdl } from '../src/schema/print-sdl.js'
import { freshName, namesIn } from './schema-edits.js'

const checkedIn = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8')
const biome = new URL('../../../node_modules/.bin/biome', import.meta.url).pathname
const biomeFormat = (sdl: string): string =>
  execFileSync(biome, ['format', '--stdin-file-path=schema.graphql'], { input: sdl, encoding: 'utf8' })

/** The schema as a client sees it: through introspection, in the order the server lists it. */
const introspected = (sdl: string) => buildClientSchema(introspectionFromSchema(buildSchema(sdl)))

// A schema with what the API does not use yet but may: interfaces, unions, custom scalars and
// directives, deprecations, defaults, descriptions a block string cannot hold, and long lines.
const rich = `
"""Caches a field."""
directive @cached(ttlSeconds: Int = 60, scope: String = "user") repeatable on FIELD_DEFINITION | OBJECT

directive @audit(
  firstArgumentWithALongName: Int
  secondArgumentWithALongName: String
  thirdArgumentWithALongName: Boolean
) on FIELD_DEFINITION

scalar DateTime @specifiedBy(url: "https://example.com/datetime")

interface Node { id: ID! }

interface Entity implements Node { id: ID! name: String }

type Run implements Node & Entity {
  id: ID!
  name: String
  old: String @deprecated
  older: Int @deprecated(reason: "Use \\"name\\" instead.")
  oldWithAReasonThatIsRatherLong: Int @deprecated(reason: "${'y'.repeat(70)}")
  oldWithAReasonTooLongForOneLine: Int @deprecated(reason: "${'z'.repeat(100)}")
  search(first: Int = 10, after: String, filter: Filter = {a: 1, b: ["x"]}, ids: [Int!] = [1, 2]): [Run!]!
  searchWithLongerArguments(firstArgumentWithALongName: Int = 10, secondArgumentWithALongName: String): [Run!]!
}

type Other { id: ID! }

union Thing = Run | Other

union EverythingWithAVeryLongName = Run | Other | AnotherTypeWithALongName | YetAnotherTypeWithAVeryLongName | OneMore

type AnotherTypeWithALongName { a: Int }

type YetAnotherTypeWithAVeryLongName { a: Int }

type OneMore { a: Int }

input Filter { a: Int = 1 b: [String!] c: Nested }

input Nested { x: Boolean = false }

enum Color { RED GREEN @deprecated(reason: "Not any more.") BLUE }

type Query {
  """
    Indented first line.
  Second line.
  """
  node(id: ID!): Node
  "  Starts with spaces."
  thing: Thing
  "Ends with a quote: \\"x\\""
  color: Color
  """
  Has a \\""" inside.
  """
  at: DateTime
  run(
    "Which run."
    id: ID!
  ): Run
}
`

describe('an unchanged API prints the checked-in file', () => {
  test('from the file itself, byte for byte', () => {
    expect(printSdl(buildSchema(checkedIn), layoutOf(checkedIn))).toBe(checkedIn)
  })

  test('from introspection of the mock, whose schema lists types and fields in another order', () => {
    const served = buildClientSchema(introspectionFromSchema(buildSchema(schemaSdl)))
    expect(Object.keys(served.getTypeMap())).not.toEqual(Object.keys(buildSchema(checkedIn).getTypeMap()))
    expect(printSdl(served, layoutOf(checkedIn))).toBe(checkedIn)
  })

  test('from a server that lists everything alphabetically', () => {
    expect(printSdl(lexicographicSortSchema(buildSchema(checkedIn)), layoutOf(checkedIn))).toBe(checkedIn)
  })
})

describe('what the file lacks goes after what it has', () => {
  // Two fields, an enum value, a type and a query the API gained, through the AST, under free names.
  const cost = freshName(namesIn(checkedIn, 'DinoAiAgentRun'), 'costUsd')
  const tags = freshName([...namesIn(checkedIn, 'DinoAiAgentRun'), cost], 'tags')
  const paused = freshName(namesIn(checkedIn, 'DinoAiAgentRunStatus'), 'PAUSED')
  const template = freshName(namesIn(checkedIn, '*'), 'DinoAiAgentTemplate')
  const templates = freshName(namesIn(checkedIn, 'Query'), 'dinoaiAgentTemplates')
  const shipped = parse(checkedIn)
  const gained = parse(`
    extend type DinoAiAgentRun { ${cost}: Float ${tags}: [String!]! }
    extend enum DinoAiAgentRunStatus { ${paused} }
    type ${template} { name: String! }
    extend type Query { ${templates}: [${template}!]! }
  `)
  const next = buildASTSchema({ ...shipped, definitions: [...shipped.definitions, ...gained.definitions] })
  const printed = printSdl(lexicographicSortSchema(next), layoutOf(checkedIn))
  const definitionNames = (sdl: string) =>
    parse(sdl).definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : []))
  /** The lines of a definition in the printed SDL, from its keyword to its closing brace. */
  const block = (keyword: string, name: string) =>
    (new RegExp(`^${keyword} ${name}\\b[^{\\n]*\\{\\n[\\s\\S]*?\\n\\}$`, 'm').exec(printed)?.[0] ?? '').split(
      '\n',
    )

  test('new types after the file’s, new members after each type’s own', () => {
    expect(definitionNames(printed)).toEqual([...definitionNames(checkedIn), template])
    expect(block('type', 'DinoAiAgentRun').slice(-3)).toEqual([
      `  ${cost}: Float`,
      `  ${tags}: [String!]!`,
      '}',
    ])
    expect(block('enum', 'DinoAiAgentRunStatus').slice(-2)).toEqual([`  ${paused}`, '}'])
    expect(block('type', 'Query').slice(-2)).toEqual([`  ${templates}: [${template}!]!`, '}'])
    // What the file has is printed as the file has it.
    const members = (sdl: string, type: string) => layoutOf(sdl).members.get(type)
    expect(members(printed, 'DinoAiAgentRun')).toEqual([
      ...(members(checkedIn, 'DinoAiAgentRun') ?? []),
      cost,
      tags,
    ])
  })

  test('the blank lines between members are kept', () => {
    expect(layoutOf(printed).spaced).toEqual(layoutOf(checkedIn).spaced)
    const spaced = 'type Query {\n  a: Int\n\n  b: Int\n  c: Int\n}\n'
    expect(printSdl(buildSchema(spaced), layoutOf(spaced))).toBe(spaced)
  })

  test('it reads back as the new schema, and Biome leaves it as it is', () => {
    expect(printSchema(lexicographicSortSchema(buildSchema(printed)))).toBe(
      printSchema(lexicographicSortSchema(next)),
    )
    expect(biomeFormat(printed)).toBe(printed)
  })
})

describe('every kind of definition', () => {
  const printed = printSdl(introspected(rich))

  test('reads back as the same schema: nothing lost, descriptions included', () => {
    expect(printSchema(buildSchema(printed))).toBe(printSchema(introspected(rich)))
  })

  test('is laid out as Biome lays it out', () => {
    expect(biomeFormat(printed)).toBe(printed)
  })

  test('long lines break as Biome breaks them, short ones stay whole', () => {
    expect(printed).toContain(
      '  search(first: Int = 10, after: String, filter: Filter = { a: 1, b: ["x"] }, ids: [Int!] = [1, 2]): [Run!]!',
    )
    expect(printed).toContain('  searchWithLongerArguments(\n    firstArgumentWithALongName: Int = 10\n')
    expect(printed).toContain('union EverythingWithAVeryLongName =\n  | Run\n  | Other\n')
    expect(printed).toContain('union Thing = Run | Other\n')
    expect(printed).toContain(
      `  oldWithAReasonThatIsRatherLong: Int\n    @deprecated(reason: "${'y'.repeat(70)}")\n`,
    )
    expect(printed).toContain(
      `  oldWithAReasonTooLongForOneLine: Int\n    @deprecated(\n      reason: "${'z'.repeat(100)}"\n    )\n`,
    )
    expect(printed).toContain('  old: String @deprecated\n')
  })

  test('descriptions are block strings on lines of their own, unless only a plain string keeps the text', () => {
    expect(printed).toContain('"""\nCaches a field.\n"""\ndirective @cached')
    expect(printed).toContain('  """\n    Indented first line.\n  Second line.\n  """\n  node(id: ID!): Node')
    expect(printed).toContain('  "  Starts with spaces."\n  thing: Thing')
    expect(printed).toContain('  """\n  Ends with a quote: "x"\n  """\n  color: Color')
    expect(printed).toContain('  """\n  Has a \\""" inside.\n  """\n  at: DateTime')
  })
})

test('without a file to follow, the schema block comes first and the rest keeps the server’s order', () => {
  const served = introspected(checkedIn)
  const printed = printSdl(served)
  expect(
    printed.startsWith(
      `"""\n${served.description}\n"""\nschema {\n  query: Query\n  mutation: Mutation\n}\n\n`,
    ),
  ).toBe(true)
  expect(printSchema(buildSchema(printed))).toBe(printSchema(served))
  expect(printSdl(buildSchema('type Query { a: Int }'))).toBe('type Query {\n  a: Int\n}\n')
})
