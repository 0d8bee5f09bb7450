import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isNonNullType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql'
import { MockDinoAiUsageError } from './errors.js'

/** A field a document selects at some level: its key in the result, and whether it may be null. */
export interface SelectedField {
  key: string
  nullable: boolean
}

interface Level {
  type: GraphQLCompositeType
  selectionSet: SelectionSetNode
}

const usage = (message: string) => new MockDinoAiUsageError(message)

function fragments(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const found = new Map<string, FragmentDefinitionNode>()
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) found.set(d.name.value, d)
  return found
}

/** The top level of a document: its first operation's selection, else its first fragment's. */
function topLevel(schema: GraphQLSchema, document: DocumentNode): Level {
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) {
      const type = schema.getRootType(d.operation)
      if (type) return { type, selectionSet: d.selectionSet }
    }
  }
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) {
      const type = schema.getType(d.typeCondition.name.value)
      if (type && isCompositeType(type)) return { type, selectionSet: d.selectionSet }
    }
  }
  throw usage('The document has no operation or fragment to read fields from.')
}

/** Every field node of a selection set, with fragment spreads and inline fragments expanded. */
function* fieldNodes(
  selectionSet: SelectionSetNode,
  named: Map<string, FragmentDefinitionNode>,
): Generator<FieldNode> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) yield selection
    else if (selection.kind === Kind.INLINE_FRAGMENT) yield* fieldNodes(selection.selectionSet, named)
    else {
      const fragment = named.get(selection.name.value)
      if (fragment) yield* fieldNodes(fragment.selectionSet, named)
    }
  }
}

/**
 * The fields a document selects under `path` (response keys from its top level): e.g. the fields
 * of a fragment (path []), or of `messages` inside it (path ['messages']). Nullability comes from
 * the schema, so it follows `schema.graphql` as codegen does.
 */
export function selectedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  path: readonly string[],
): SelectedField[] {
  const named = fragments(document)
  let level = topLevel(schema, document)
  for (const key of path) {
    const node = [...fieldNodes(level.selectionSet, named)].find((f) => (f.alias ?? f.name).value === key)
    const field = node && isObjectType(level.type) ? level.type.getFields()[node.name.value] : undefined
    const type = field && getNamedType(field.type)
    if (!node?.selectionSet || !type || !isCompositeType(type)) {
      throw usage(`The document selects no object field "${key}" under ${level.type.name}.`)
    }
    level = { type, selectionSet: node.selectionSet }
  }
  const parent = level.type
  return [...fieldNodes(level.selectionSet, named)].map((node) => {
    const field = isObjectType(parent) ? parent.getFields()[node.name.value] : undefined
    return {
      key: (node.alias ?? node.name).value,
      nullable: field === undefined || !isNonNullType(field.type),
    }
  })
}
