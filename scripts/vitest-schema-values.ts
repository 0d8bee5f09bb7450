// Test helpers for vitest tests: values made from a schema alone, for answers and variables that
// graphql-js executes (tests read the schema through its types, never its names). Named `vitest-`
// so that the client's workspace copies (packages/client/test/workspace-copy.ts) take it along.
import {
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  isEnumType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  typeFromAST,
} from 'graphql'

/** A leaf value of a scalar or enum type: the first enum value, a fixed value per built-in scalar, 'custom' else. */
export function leafOf(type: GraphQLOutputType): unknown {
  const named = getNamedType(type)
  if (isEnumType(named)) return named.getValues()[0]?.value
  return { String: 'text', ID: 'id-1', Int: 7, Float: 1.5, Boolean: true }[named.name] ?? 'custom'
}

/** A value of an input type: the required fields of input objects filled in, scalars as leaves. */
export function inputOf(type: GraphQLInputType): unknown {
  const inner = getNullableType(type)
  if (isListType(inner)) return []
  if (isInputObjectType(inner))
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, inputOf(field.type)]),
    )
  return leafOf(inner as GraphQLOutputType)
}

/** A value for each required variable of the document's operation, so graphql-js can execute it. */
export function requiredVariables(document: DocumentNode, schema: GraphQLSchema): Record<string, unknown> {
  return Object.fromEntries(
    (getOperationAST(document)?.variableDefinitions ?? []).flatMap((definition) => {
      const type = typeFromAST(schema, definition.type)
      return type && isNonNullType(type) && isInputType(type)
        ? [[definition.variable.name.value, inputOf(type)]]
        : []
    }),
  )
}
