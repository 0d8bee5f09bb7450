import type { ResultShape } from './shapes/types.js'

/**
 * An operation in its smallest typed form, generated for each of our documents as `XOperation`
 * (beside the syntax tree `XDocument`): its name, its kind, its text exactly as it goes on the wire,
 * and the shape of its `data`. `Result` and `Variables` are its generated types, so a client that
 * sends it types the call as the document would. @dinoai/client sends these: a bundle then holds
 * a few hundred bytes of text per operation instead of a syntax tree and the shape builder.
 */
export interface TypedOperation<Result, Variables> {
  /** The operation's name, as sent in `operationName`. */
  readonly name: string
  readonly kind: 'query' | 'mutation' | 'subscription'
  /** The operation and the fragments it spreads, printed as the generated document prints. */
  readonly text: string
  /** The shape of its `data`, as `resultShapeOf` computes it from the schema. */
  readonly shape: ResultShape
  /** Carries the result and variables types; never set at run time. */
  readonly __apiType?: (variables: Variables) => Result
}
