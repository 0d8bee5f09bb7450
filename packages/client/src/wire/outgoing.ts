import type { ResultShape, TypedOperation } from '@dinoai/operations'
import { type AnyVariables, type getOperationName, gql, type TypedDocumentNode } from '@urql/core'

type DocumentNode = Parameters<typeof getOperationName>[0]

/**
 * What the transport sends: one of our operations in its generated smallest form (its text, its
 * shape), or a document an app brought (its syntax tree, its shape computed from the schema), or a
 * batch the poller made of one of ours. `Data` and `Variables` are its types.
 */
export type Outgoing<Data, Variables extends AnyVariables> =
  | TypedOperation<Data, Variables>
  | {
      readonly name: string | undefined
      readonly kind: 'query' | 'mutation' | 'subscription'
      readonly shape: ResultShape
      readonly document: TypedDocumentNode<Data, Variables>
    }

// Untyped here: the typed view is the caller's, who passed the typed operation.
const parsed = new WeakMap<object, DocumentNode>()

/**
 * The syntax tree urql sends, made from an operation's text once and kept: urql's `gql` keeps the
 * text as the tree's source, so what goes on the wire is the generated text byte for byte.
 */
export function documentOf<Data, Variables extends AnyVariables>(
  outgoing: Outgoing<Data, Variables>,
): TypedDocumentNode<Data, Variables> {
  if ('document' in outgoing) return outgoing.document
  const known = parsed.get(outgoing)
  if (known !== undefined) return known
  const document = gql<Data, Variables>(outgoing.text)
  parsed.set(outgoing, document)
  return document
}
