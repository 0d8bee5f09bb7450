// graphql 16 ships CommonJS (index.js) and ESM (index.mjs) without an exports map. Node, and
// therefore @graphql-tools, loads the CommonJS file, while bundlers and vitest prefer the ESM one
// through the "module" field: two copies, and graphql-js rejects schemas from "another realm".
// Importing the CommonJS entry by path makes every consumer share the copy Node loads.

export type {
  DocumentNode,
  GraphQLFieldResolver,
  GraphQLSchema,
  OperationDefinitionNode,
} from 'graphql/index.js'
export {
  execute,
  GraphQLError,
  isEnumType,
  Kind,
  parse,
  validate,
} from 'graphql/index.js'
