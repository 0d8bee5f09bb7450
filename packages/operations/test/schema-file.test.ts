// `@dinoai/operations/schema.graphql`: the schema file itself, for an app's codegen (GraphQL Code
// Generator's client preset, gql.tada) or `dinoai mock-server --schema`.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { schemaSdl } from '@dinoai/operations'
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql'
import { expect, test } from 'vitest'

const root = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8')

test('the package exports schema.graphql, byte for byte the root schema.graphql', () => {
  const file = createRequire(import.meta.url).resolve('@dinoai/operations/schema.graphql')
  expect(file).toMatch(/[/\\]operations[/\\]schema\.graphql$/)
  expect(readFileSync(file, 'utf8')).toBe(root)
})

// schemaSdl is codegen's print of the same schema, whose order differs from the file's.
const sorted = (sdl: string) => printSchema(lexicographicSortSchema(buildSchema(sdl)))

test('it is the schema behind schemaSdl', () => {
  const file = createRequire(import.meta.url).resolve('@dinoai/operations/schema.graphql')
  expect(sorted(readFileSync(file, 'utf8'))).toBe(sorted(schemaSdl))
})
