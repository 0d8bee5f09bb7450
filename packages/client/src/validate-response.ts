import { type ResultShape, resultShapes, type TypeShape } from '@dinoai/operations'
import { getOperationName } from '@urql/core'
import { mismatchDetails } from './bad-response.js'
import { DinoAiBadResponseError, DinoAiGraphQLError, type GraphQLErrorEntry } from './errors.js'
import { findMismatch } from './shape.js'

type DocumentNode = Parameters<typeof getOperationName>[0]

const byName: Readonly<Record<string, ResultShape>> = resultShapes

// An app's own document (client.request) has no generated shape: only its envelope is checked.
const UNCHECKED: ResultShape = { kind: 'object', nullable: false, fields: {} }

/** The generated shape of a document's `data`, found by its operation name. */
export function resultShapeOf(document: DocumentNode): ResultShape {
  return byName[getOperationName(document) ?? ''] ?? UNCHECKED
}

/** What every error about a response carries. */
interface Facts {
  status: number
  requestId: string | undefined
  operationName: string | undefined
}

/**
 * The error for `value` (found at `root` in the answer) when it does not fit `shape`, or undefined
 * when it does: BAD_RESPONSE, or GRAPHQL when the server reported errors beside it (its message
 * says more than the broken data does; `data` is the whole answer's data, kept on that error).
 */
export function checkAnswer(
  value: unknown,
  shape: TypeShape,
  root: string,
  facts: Facts,
  errors: readonly GraphQLErrorEntry[],
  data: unknown,
): DinoAiBadResponseError | DinoAiGraphQLError | undefined {
  const mismatch = findMismatch(value, shape)
  if (mismatch === undefined) return undefined
  const operation = facts.operationName ?? 'Request'
  const { message, jsonPath, excerpt } = mismatchDetails(mismatch, root)
  const [first] = errors
  if (first) {
    return new DinoAiGraphQLError(`${operation} failed: ${first.message} (and it ${message})`, {
      ...facts,
      errors,
      data,
    })
  }
  return new DinoAiBadResponseError(`${operation} ${message}`, { ...facts, jsonPath, excerpt })
}
