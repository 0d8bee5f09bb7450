// `pnpm schema:pull [--endpoint URL]`: writes the API's schema into schema.graphql (see
// scripts/schema-cli.mjs). Exit 0 unchanged, 1 changed (then run `pnpm codegen`), 2 on error.
import { runSchemaCommand } from './schema-cli.mjs'

const code = runSchemaCommand('pull', process.argv.slice(2))
if (code === 1) console.log('schema:pull: now run `pnpm codegen`, then `pnpm test`, and commit the result.')
process.exit(code)
