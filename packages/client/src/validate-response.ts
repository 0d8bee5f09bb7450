import { findMismatch, type TypeShape } from '@dinoai/operations'
import { mismatchDetails } from './bad-response.js'
import { DinoAiBadResponseError, DinoAiGraphQLError, type GraphQLErrorEntry } from './errors.js'

// Computed from the schema index for any document (ours or an app's), once per document object.
export { resultShapeOf } from '@dinoai/operations'

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
