// Codegen plugin: a byte-for-byte copy of the schema file codegen read, so that @dinoai/operations
// ships it as `@dinoai/operations/schema.graphql` (for an app's GraphQL Code Generator or gql.tada).
// graphql-tools' loader names the file it read on the schema (its `body` there is reprinted, so the
// file itself is read): whatever schema file the codegen config points at is the one copied.
const { readFileSync } = require('node:fs')

module.exports = {
  plugin(schema) {
    const sources = schema.extensions?.sources ?? []
    const file = sources.length === 1 ? sources[0]?.name : undefined
    if (typeof file !== 'string' || !file.endsWith('.graphql')) {
      throw new Error(
        `The copy of the schema file needs one .graphql schema file in the codegen config, got ${sources.length} source(s).`,
      )
    }
    return readFileSync(file, 'utf8')
  },
}
