// Cassettes meet the schema: a recorded answer that the current schema could no longer produce
// makes the cassette stale, named by the JSON path. `staleness` is the one place this is decided.
// It checks the recorded document against the schema (a field renamed or removed, an argument
// changed), then the recorded data against the document's result shape (a type that changed under
// a field, a field made non-null that was recorded as null), with @dinoai/operations'
// resultShapeOf and findMismatch: the client's own validator, not a second one here.
import { findMismatch, pathText, resultShapeOf, type SchemaIndex, schemaIndexOf } from '@dinoai/operations'
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  validate,
} from 'graphql'
import { documentKey } from './document.js'
import type { CassetteExchange } from './format.js'
import { isJsonObject } from './json.js'

/** The response path of a field node of the document (`data.dinoaiAgentRun.status`), or undefined. */
function responsePath(document: DocumentNode, target: FieldNode): string | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
  const search = (set: SelectionSetNode, path: string, seen: Set<string>): string | undefined => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const here = `${path}.${(selection.alias ?? selection.name).value}`
        if (selection === target) return here
        const inner = selection.selectionSet && search(selection.selectionSet, here, seen)
        if (inner) return inner
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = search(selection.selectionSet, path, seen)
        if (inner) return inner
      } else {
        const fragment = fragments.get(selection.name.value)
        if (!fragment || seen.has(fragment.name.value)) continue
        const inner = search(fragment.selectionSet, path, new Set(seen).add(fragment.name.value))
        if (inner) return inner
      }
    }
    return undefined
  }
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue
    const found = search(d.selectionSet, 'data', new Set())
    if (found) return found
  }
  return undefined
}

const documentProblems = new WeakMap<GraphQLSchema, Map<string, string | null>>()

/** Why the recorded document no longer validates against the schema, or null. Cached per schema and document. */
function documentProblem(schema: GraphQLSchema, query: string): string | null {
  let cache = documentProblems.get(schema)
  if (!cache) {
    cache = new Map()
    documentProblems.set(schema, cache)
  }
  const known = cache.get(query)
  if (known !== undefined) return known
  const { ast } = documentKey(query)
  let problem: string | null = null
  if (ast) {
    const [first] = validate(schema, ast)
    if (first) {
      const node = first.nodes?.find((n): n is FieldNode => n.kind === Kind.FIELD)
      const path = node && responsePath(ast, node)
      problem = `${path ? `at ${path}: ` : ''}${first.message}`
    }
  }
  cache.set(query, problem)
  return problem
}

// The index of the schema a mock serves, built once per schema (mocks of one SDL share one
// GraphQLSchema); resultShapeOf then caches each document's shape under it.
const indexes = new WeakMap<GraphQLSchema, SchemaIndex>()

function indexOf(schema: GraphQLSchema): SchemaIndex {
  let index = indexes.get(schema)
  if (index === undefined) {
    index = schemaIndexOf(schema)
    indexes.set(schema, index)
  }
  return index
}

// resultShapeOf reads a document's first operation. A document of several (rare: clients send
// one) is viewed as the recorded operation and the fragments, made once per document and name.
const views = new WeakMap<DocumentNode, Map<string, DocumentNode | undefined>>()

function operationDocument(ast: DocumentNode, operationName: string | null): DocumentNode | undefined {
  const operations = ast.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )
  if (operations.length === 1) return ast
  let byName = views.get(ast)
  if (byName === undefined) {
    byName = new Map()
    views.set(ast, byName)
  }
  const name = operationName ?? ''
  if (!byName.has(name)) {
    const chosen = operations.find((o) => o.name?.value === operationName)
    const fragments = ast.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
    byName.set(name, chosen && { kind: Kind.DOCUMENT, definitions: [chosen, ...fragments] })
  }
  return byName.get(name)
}

const EXCERPT_CHARS = 80

/** A recorded value as a message quotes it: JSON, on one line, cut short. */
function excerpt(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value)
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text
}

/** Where the recorded data no longer fits the document's result shape under this schema, or null. */
function dataProblem(schema: GraphQLSchema, exchange: CassetteExchange, data: unknown): string | null {
  const { ast } = documentKey(exchange.query)
  const document = ast && operationDocument(ast, exchange.operationName)
  if (document === undefined) return null
  const mismatch = findMismatch(data, resultShapeOf(document, indexOf(schema)))
  if (mismatch === undefined) return null
  return `at ${pathText('data', mismatch.path)}: expected ${mismatch.expected}, got ${excerpt(mismatch.actual)}`
}

/**
 * Why a recorded answer no longer fits the schema, with the JSON path of the first field that
 * does not, or undefined when it fits (or carries no data to check: an error, a reset, a 400 for a
 * document that upstream refused when it was recorded).
 */
export function staleness(schema: GraphQLSchema, exchange: CassetteExchange): string | undefined {
  const { response } = exchange
  if ('network' in response || !('body' in response)) return undefined
  const { body } = response
  if (!isJsonObject(body) || body.data === null || body.data === undefined) return undefined
  const problem = documentProblem(schema, exchange.query)
  if (problem) return `the recorded document no longer fits the schema ${problem}`
  const mismatch = dataProblem(schema, exchange, body.data)
  if (mismatch) return `the recorded answer no longer fits the schema ${mismatch}`
  return undefined
}
