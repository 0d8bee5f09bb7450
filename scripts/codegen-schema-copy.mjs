// Codegen's last hook: packages/operations/schema.graphql becomes a byte-for-byte copy of
// schema.graphql, which @dinoai/operations exports as `@dinoai/operations/schema.graphql` (for an
// app's GraphQL Code Generator, gql.tada or `dinoai mock-server --schema`). It runs after Biome's
// hook and is not a codegen output, so nothing reformats it; `pnpm codegen:check` compares the two.
import { copyFileSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
copyFileSync(resolve(root, 'schema.graphql'), resolve(root, 'packages/operations/schema.graphql'))
