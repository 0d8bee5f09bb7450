import {
  BREAK,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  type ValidationRule,
  validate,
  visit,
} from 'graphql'

/** A query string parsed and validated once: either its document and operations, or why it failed. */
export type PreparedDocument =
  | {
      ok: true
      document: DocumentNode
      operations: OperationDefinitionNode[]
      /** Whether it asks for a run's `steps` or `startupSteps` (a `steps-error` fault waits for one that does). */
      selectsSteps: boolean
    }
  | {
      ok: false
      code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'
      errors: readonly GraphQLError[]
      /** The operations of a document that parsed but failed validation, for recording their names. */
      operations: OperationDefinitionNode[]
    }

const MAX_ENTRIES = 500
// One cache per schema and introspection setting: the same query can be valid with one, refused with the other.
const caches = new WeakMap<GraphQLSchema, Map<string, PreparedDocument>>()
const cachesWithoutIntrospection = new WeakMap<GraphQLSchema, Map<string, PreparedDocument>>()

// What a server with introspection turned off validates with: graphql-js's own rule, so the refusal
// (a validation error naming `__schema` or `__type`) reads exactly as such a server's does.
const rulesWithoutIntrospection: readonly ValidationRule[] = [
  ...specifiedRules,
  NoSchemaIntrospectionCustomRule,
]

/**
 * Parses and validates a query string against a schema, with an LRU cache keyed by the string:
 * clients send the same few documents over and over, and parse+validate dominates a request.
 * With `introspection: false`, a document that asks for `__schema` or `__type` fails validation.
 */
export function prepareDocument(
  schema: GraphQLSchema,
  query: string,
  { introspection = true }: { introspection?: boolean } = {},
): PreparedDocument {
  const caching = introspection ? caches : cachesWithoutIntrospection
  let cache = caching.get(schema)
  if (!cache) {
    cache = new Map()
    caching.set(schema, cache)
  }
  const hit = cache.get(query)
  if (hit) {
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    cache.delete(query)
    cache.set(query, hit)
    return hit
  }
  const prepared = prepareUncached(schema, query, introspection ? undefined : rulesWithoutIntrospection)
  cache.set(query, prepared)
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
  return prepared
}

function prepareUncached(
  schema: GraphQLSchema,
  query: string,
  rules: readonly ValidationRule[] | undefined,
): PreparedDocument {
  let document: DocumentNode
  try {
    document = parse(query)
  } catch (error) {
    // parse is recursive: a deeply nested document overflows the stack with a RangeError, which
    // must still be the client's 400, not the mock's crash.
    const parseError =
      error instanceof GraphQLError
        ? error
        : new GraphQLError('Syntax Error: the document is nested too deeply to parse; flatten it.')
    return { ok: false, code: 'GRAPHQL_PARSE_FAILED', errors: [parseError], operations: [] }
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )
  const errors = validate(schema, document, rules)
  if (errors.length > 0) return { ok: false, code: 'GRAPHQL_VALIDATION_FAILED', errors, operations }
  return { ok: true, document, operations, selectsSteps: selectsSteps(document) }
}

function selectsSteps(document: DocumentNode): boolean {
  let found = false
  visit(document, {
    Field(node) {
      if (node.name.value === 'steps' || node.name.value === 'startupSteps') {
        found = true
        return BREAK
      }
      return undefined
    },
  })
  return found
}

/** The operation a request selects, as graphql-js would pick it; undefined when none or ambiguous. */
export function selectOperation(
  operations: readonly OperationDefinitionNode[],
  operationName: string | null,
): OperationDefinitionNode | undefined {
  if (operationName === null) return operations.length === 1 ? operations[0] : undefined
  return operations.find((o) => o.name?.value === operationName)
}
