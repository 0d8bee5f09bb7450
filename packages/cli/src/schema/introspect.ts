import { DinoAiBadResponseError, type DinoAiClient, DinoAiError, DinoAiGraphQLError } from '@dinoai/client'
import {
  buildClientSchema,
  type DocumentNode,
  type GraphQLSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  parse,
  validateSchema,
} from 'graphql'

/** A failure of `dinoai schema pull` or `check`, with a message that says what to do. Exit code 2. */
export class SchemaCommandError extends Error {
  override name = 'SchemaCommandError'
}

/** What the pull needs from a client: the one request path, with its auth, retries, size cap and errors. */
export type IntrospectionClient = Pick<DinoAiClient, 'request'>

// The standard introspection query, with descriptions (they are half of schema.graphql) and the
// schema's own description. Servers older than the GraphQL spec of 2021 lack `__Schema.description`:
// those get the query without it.
const WITH_SCHEMA_DESCRIPTION: DocumentNode = parse(
  getIntrospectionQuery({ descriptions: true, schemaDescription: true }),
)
const WITHOUT_SCHEMA_DESCRIPTION: DocumentNode = parse(getIntrospectionQuery({ descriptions: true }))

const INSTEAD =
  'Get the schema another way: from the API documentation, or the schema.graphql of the SDK release that matches the API ' +
  '(node_modules/@dinoai/operations/schema.graphql), and commit it as your schema file.'

const lacksSchemaDescription = (error: DinoAiGraphQLError): boolean =>
  error.errors.some((e) => /"description".*"__Schema"/s.test(e.message))

/** The client's error as the pull reports it: what failed, and what to do about it. */
function pullFailure(error: unknown, where: string, capFlag: string): unknown {
  if (!(error instanceof DinoAiError)) return error
  const cause = { cause: error }
  if (error instanceof DinoAiGraphQLError) {
    const status = error.status ? ` (HTTP ${error.status})` : ''
    const said = error.errors[0]?.message ?? error.message
    return new SchemaCommandError(
      `The API at ${where} refused the introspection query${status}: ${said}\nIntrospection is turned off on that server, so the schema cannot be pulled from it. ${INSTEAD}`,
      cause,
    )
  }
  if (error instanceof DinoAiBadResponseError) {
    const cap = /over maxResponseBytes/.test(error.message)
      ? ` The answer is larger than the size cap: pass a larger ${capFlag}.`
      : ''
    return new SchemaCommandError(
      `The API at ${where} did not answer the introspection query with a GraphQL response: ${error.message}${cap}`,
      cause,
    )
  }
  // Credentials refused (401/403), no connection, a server error: the client's message names the fix.
  return new SchemaCommandError(`Cannot pull the schema from ${where}: ${error.message}`, cause)
}

/** The schema an introspection answer describes, or why it describes none. */
function schemaOf(data: IntrospectionQuery, where: string): GraphQLSchema {
  // The client checked the envelope only: what is under `data` is the server's word.
  const answer: unknown = data
  const described =
    typeof answer === 'object' &&
    answer !== null &&
    '__schema' in answer &&
    typeof answer.__schema === 'object'
  if (!described || answer.__schema === null) {
    throw new SchemaCommandError(
      `The API at ${where} answered the introspection query without a __schema: there is no schema in it to write.`,
    )
  }
  let schema: GraphQLSchema
  try {
    schema = buildClientSchema(data)
  } catch (error) {
    throw new SchemaCommandError(
      `The introspection answer of ${where} does not build a schema: ${(error as Error).message}`,
      { cause: error },
    )
  }
  if (!schema.getQueryType()) {
    throw new SchemaCommandError(
      `The introspection answer of ${where} describes a schema without a Query type (its queryType is ${JSON.stringify(data.__schema.queryType ?? null)}): that is no GraphQL API schema, so nothing is written.`,
    )
  }
  const problems = validateSchema(schema)
  if (problems.length > 0) {
    throw new SchemaCommandError(
      `The introspection answer of ${where} is not a valid schema: ${problems.map((p) => p.message).join(' ')}`,
    )
  }
  return schema
}

/** Options of {@link introspect}. */
export interface IntrospectOptions {
  /** How the endpoint is named in messages (no query string, no credentials). */
  where: string
  /** The flag that raises the size cap, named when an answer is over it. */
  capFlag: string
  signal?: AbortSignal | undefined
}

/** The pulled schema, and whether the server could report the schema's own description. */
export interface Introspected {
  schema: GraphQLSchema
  /** False for a server without `__Schema.description`: its schema's description is unknown, not empty. */
  describesSchema: boolean
}

/**
 * Pulls the API's schema: the standard introspection query through `client.request` (so the
 * client's endpoint, credentials, retries, size cap and typed errors apply), then graphql-js's
 * `buildClientSchema` and `validateSchema`. Every failure is a SchemaCommandError saying what to do.
 */
export async function introspect(
  client: IntrospectionClient,
  options: IntrospectOptions,
): Promise<Introspected> {
  const { where, capFlag, signal } = options
  const ask = (document: DocumentNode) =>
    client.request<IntrospectionQuery, Record<string, never>>(document, {}, { signal })
  let data: IntrospectionQuery
  let describesSchema = true
  try {
    try {
      data = await ask(WITH_SCHEMA_DESCRIPTION)
    } catch (error) {
      if (!(error instanceof DinoAiGraphQLError && lacksSchemaDescription(error))) throw error
      describesSchema = false
      data = await ask(WITHOUT_SCHEMA_DESCRIPTION)
    }
  } catch (error) {
    throw pullFailure(error, where, capFlag)
  }
  return { schema: schemaOf(data, where), describesSchema }
}
