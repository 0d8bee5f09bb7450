import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { CodegenConfig } from '@graphql-codegen/cli'

// The schema is the app's own schema.graphql once `dinoai schema pull` has written it; until then, the
// one @dinoai/operations ships, which is the schema the SDK release was tested against.
const pulled = fileURLToPath(new URL('schema.graphql', import.meta.url))
const schema = existsSync(pulled)
  ? pulled
  : createRequire(import.meta.url).resolve('@dinoai/operations/schema.graphql')

const config: CodegenConfig = {
  schema,
  // Documents are the graphql(`...`) calls in the app's code; the generated folder has none.
  documents: ['src/**/*.ts', '!src/gql/**'],
  // ES modules with .js extensions, as Node and TypeScript's nodenext resolution want them.
  emitLegacyCommonJSImports: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { ID: 'string', String: 'string', Boolean: 'boolean', Int: 'number', Float: 'number' },
        // A nullable field is `T | null`, always present: what the API sends.
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
}

export default config
