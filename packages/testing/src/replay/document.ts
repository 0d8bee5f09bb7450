import { type DocumentNode, Kind, type OperationDefinitionNode, parse, print } from 'graphql'

/** A document text as replay compares it: printed from its AST, so layout and comments do not count. */
export interface DocumentKey {
  /** The printed document, or the text itself when it does not parse. */
  readonly text: string
  readonly ast: DocumentNode | undefined
}

const MAX_ENTRIES = 500
const cache = new Map<string, DocumentKey>()

/** The comparable form of a document text, cached per text (clients send the same few documents). */
export function documentKey(query: string): DocumentKey {
  const hit = cache.get(query)
  if (hit) return hit
  let key: DocumentKey
  try {
    const ast = parse(query, { noLocation: true })
    key = { text: print(ast), ast }
  } catch {
    key = { text: query.trim(), ast: undefined }
  }
  cache.set(query, key)
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
  return key
}

/** The operation a request names, else the document's only operation's name, else null (as the mock records it). */
export function operationNameOf(query: string, operationName: string | null): string | null {
  if (operationName !== null) return operationName
  const operations = documentKey(query).ast?.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )
  return operations?.length === 1 ? (operations[0]?.name?.value ?? null) : null
}
