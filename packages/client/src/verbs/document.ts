import { type ResultShape, resultShapeOf } from '@dinoai/operations'
import { type AnyVariables, getOperationName, type TypedDocumentNode } from '@urql/core'
import { DinoAiValidationError } from '../errors/errors.js'
import type { OperationSpec } from '../wire/documents.js'
import { isPlainObject } from '../wire/json.js'
import type { Outgoing } from '../wire/outgoing.js'

interface OperationNode {
  kind: string
  operation?: string
}

/** The one operation a document sends; several need an operation name, which `request` does not take. */
function operationOf(document: unknown): OperationNode {
  const definitions =
    isPlainObject(document) && document.kind === 'Document' ? document.definitions : undefined
  if (!Array.isArray(definitions)) {
    throw new DinoAiValidationError(
      'document',
      'request needs a parsed GraphQL document (a TypedDocumentNode from your codegen, gql.tada or graphql-tag), not a string or another value.',
    )
  }
  const operations = definitions.filter(
    (d): d is OperationNode => isPlainObject(d) && d.kind === 'OperationDefinition',
  )
  const [only] = operations
  if (operations.length !== 1 || only === undefined) {
    throw new DinoAiValidationError(
      'document',
      `request needs a document with exactly one operation (it has ${operations.length}); put each operation in a document of its own.`,
    )
  }
  return only
}

/**
 * The spec of an app's document (its retry policy follows its operation type; the answer is the
 * whole `data`) and its checked variables. Subscriptions are refused: the API has none and this
 * client sends one POST per operation.
 */
export function documentSpec<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables | undefined,
): { spec: OperationSpec<Data, Variables, Data>; checked: Variables } {
  const { operation } = operationOf(document)
  if (operation !== 'query' && operation !== 'mutation') {
    throw new DinoAiValidationError(
      'document',
      `request sends queries and mutations, not a ${String(operation)}: the DinoAI API answers each operation with one response.`,
    )
  }
  if (variables !== undefined && !isPlainObject(variables)) {
    throw new DinoAiValidationError(
      'variables',
      "variables must be an object of the document's variables, or omitted.",
    )
  }
  // Omitted variables are sent as `{}`: the document declared none that are required.
  const checked = (variables ?? {}) as Variables
  const outgoing: Outgoing<Data, Variables> = {
    name: getOperationName(document),
    kind: operation,
    shape: shapeOf(document),
    document,
  }
  return { spec: { operation: outgoing, pick: (data) => data }, checked }
}

// The shape its answer is checked against, from the schema this package was built with: fields
// the schema does not know (a document written against a newer one) are passed through unchecked.
function shapeOf(document: Parameters<typeof getOperationName>[0]): ResultShape {
  try {
    return resultShapeOf(document)
  } catch (error) {
    throw new DinoAiValidationError(
      'document',
      `request cannot send this document: ${(error as Error).message}`,
    )
  }
}
