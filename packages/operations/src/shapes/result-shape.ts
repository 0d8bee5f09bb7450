import { schemaIndex } from '../generated/schema-index.js'
import type {
  DefinitionLike,
  DirectiveLike,
  DocumentLike,
  SelectionLike,
  SelectionSetLike,
} from './document.js'
import type { ResultShape, SchemaIndex, SchemaIndexType, TypeShape } from './types.js'

type ObjectShape = ResultShape
type Fields = { [responseKey: string]: TypeShape }

// Own keys only, so that a field or type named like an Object.prototype member is just unknown.
const lookUp = <T>(table: { readonly [key: string]: T }, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined

const BUILT_IN_SCALARS: ReadonlySet<string> = new Set(['String', 'Int', 'Float', 'Boolean', 'ID'])

// What the index cannot vouch for (a field or type of a newer, pulled schema; `__schema` and
// `__type`): any value, or none. The server that answered knows the field, or it would have refused.
const UNCHECKED: TypeShape = { kind: 'unknown', nullable: true, optional: true }

interface Context {
  readonly index: SchemaIndex
  readonly fragments: ReadonlyMap<string, DefinitionLike>
}

/** The fields a selection set asks of one type, by response key, with whether each may be absent. */
interface Collected {
  name: string
  selectionSets: SelectionSetLike[]
  optional: boolean
}

const caches = new WeakMap<SchemaIndex, WeakMap<DocumentLike, ResultShape>>()

/**
 * The shape of a document's `data` (its first operation, the one a client sends), computed from
 * the schema index: which fields by response key, their scalar kinds, nullability and lists, one
 * object shape per possible type under an interface or union, `__typename` as the names it may
 * take. Enums are open strings and custom scalars pass unchecked; fields and types the index does
 * not know, and `__schema`/`__type`, are unchecked, so a document written against a newer schema
 * still validates. Cached per document object: only the first call walks the document.
 * Throws an Error when the schema has no root type for the operation (e.g. no subscriptions).
 */
export function resultShapeOf(document: DocumentLike, index: SchemaIndex = schemaIndex): ResultShape {
  let cache = caches.get(index)
  if (cache === undefined) {
    cache = new WeakMap()
    caches.set(index, cache)
  }
  let shape = cache.get(document)
  if (shape === undefined) {
    shape = buildResultShape(document, index)
    cache.set(document, shape)
  }
  return shape
}

function buildResultShape(document: DocumentLike, index: SchemaIndex): ResultShape {
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition')
  if (operation?.selectionSet === undefined)
    throw new Error('resultShapeOf: the document has no operation; pass a query, mutation or subscription.')
  const kind = operation.operation ?? 'query'
  const root = kind === 'query' || kind === 'mutation' || kind === 'subscription' ? index[kind] : undefined
  if (root === undefined) {
    const name = operation.name ? `${kind} ${operation.name.value}` : `this ${kind}`
    throw new Error(
      `resultShapeOf: the schema has no ${kind} root type, so ${name} cannot be answered or checked. Is the document written for another API?`,
    )
  }
  const fragments = new Map<string, DefinitionLike>()
  for (const definition of document.definitions) {
    if (definition.kind === 'FragmentDefinition' && definition.name)
      fragments.set(definition.name.value, definition)
  }
  return objectShape(root, [operation.selectionSet], false, { index, fragments })
}

function objectShape(
  typeName: string,
  selectionSets: readonly SelectionSetLike[],
  nullable: boolean,
  context: Context,
): ObjectShape {
  const collected = new Map<string, Collected>()
  for (const set of selectionSets) collectFields(typeName, set, false, context, collected, new Set())
  const entry = lookUp(context.index.types, typeName)
  const known = typeof entry === 'object' && 'fields' in entry ? entry.fields : {}
  const fields: Fields = {}
  for (const [key, field] of collected) {
    const shape =
      field.name === '__typename'
        ? ({ kind: 'typename', nullable: false, names: [typeName] } as const)
        : fieldShape(lookUp(known, field.name), field.selectionSets, context)
    fields[key] = field.optional && shape.optional !== true ? { ...shape, optional: true } : shape
  }
  return { kind: 'object', nullable, fields }
}

function fieldShape(ref: string | undefined, selectionSets: SelectionSetLike[], context: Context): TypeShape {
  if (ref === undefined) return UNCHECKED
  const nullable = !ref.endsWith('!')
  const inner = nullable ? ref : ref.slice(0, -1)
  if (inner.startsWith('['))
    return { kind: 'list', nullable, of: fieldShape(inner.slice(1, -1), selectionSets, context) }
  if (BUILT_IN_SCALARS.has(inner)) return { kind: inner as 'String', nullable }
  return namedShape(inner, lookUp(context.index.types, inner), nullable, selectionSets, context)
}

function namedShape(
  name: string,
  entry: SchemaIndexType | undefined,
  nullable: boolean,
  selectionSets: SelectionSetLike[],
  context: Context,
): TypeShape {
  if (entry === 'enum') return { kind: 'enum', nullable }
  // Custom scalars are passed through as the server sent them: only their nullability is checked.
  if (entry === 'scalar') return { kind: 'unknown', nullable }
  if (entry === undefined || entry === 'input') return UNCHECKED
  if (entry.kind === 'object') return objectShape(name, selectionSets, nullable, context)
  const possible: { [typeName: string]: ObjectShape } = {}
  for (const type of entry.possibleTypes) possible[type] = objectShape(type, selectionSets, false, context)
  return { kind: 'abstract', nullable, possible }
}

/**
 * Adds the fields `set` asks of concrete type `typeName` to `out`, fragments that apply to it merged
 * in (GraphQL's CollectFields). A field is optional unless one of its occurrences is unconditional.
 */
function collectFields(
  typeName: string,
  set: SelectionSetLike,
  conditional: boolean,
  context: Context,
  out: Map<string, Collected>,
  spread: Set<string>,
): void {
  for (const selection of set.selections) {
    const condition = inclusion(selection.directives)
    if (condition === 'never') continue
    const optional = conditional || condition === 'maybe'
    if (selection.kind === 'Field') {
      addField(selection, optional, out)
      continue
    }
    const fragment = selection.kind === 'FragmentSpread' ? fragmentOf(selection, context, spread) : selection
    const applies = appliesTo(fragment.typeCondition?.name.value, typeName, context.index)
    if (applies === 'no' || fragment.selectionSet === undefined) continue
    const inner =
      selection.kind === 'FragmentSpread' ? new Set(spread).add(selection.name?.value ?? '') : spread
    collectFields(typeName, fragment.selectionSet, optional || applies === 'maybe', context, out, inner)
  }
}

function addField(selection: SelectionLike, optional: boolean, out: Map<string, Collected>): void {
  const name = selection.name?.value ?? ''
  const key = selection.alias?.value ?? name
  let field = out.get(key)
  if (field === undefined) {
    field = { name, selectionSets: [], optional }
    out.set(key, field)
  } else if (!optional) field.optional = false
  if (selection.selectionSet) field.selectionSets.push(selection.selectionSet)
}

function fragmentOf(selection: SelectionLike, context: Context, spread: ReadonlySet<string>): DefinitionLike {
  const name = selection.name?.value ?? ''
  const fragment = context.fragments.get(name)
  if (fragment === undefined)
    throw new Error(`resultShapeOf: the document spreads ...${name} but does not define fragment ${name}.`)
  if (spread.has(name)) throw new Error(`resultShapeOf: fragment ${name} spreads itself.`)
  return fragment
}

/**
 * Whether a fragment with this type condition applies to concrete type `typeName`: `maybe` for a
 * type the index does not know (its fields are then optional), since a newer schema may say yes.
 */
function appliesTo(
  condition: string | undefined,
  typeName: string,
  index: SchemaIndex,
): 'yes' | 'no' | 'maybe' {
  if (condition === undefined || condition === typeName) return 'yes'
  const entry = lookUp(index.types, condition)
  if (entry === undefined) return 'maybe'
  return typeof entry === 'object' && 'possibleTypes' in entry && entry.possibleTypes.includes(typeName)
    ? 'yes'
    : 'no'
}

/** `@include`/`@skip` on a selection: `never` for a literal false, `maybe` when a variable decides. */
function inclusion(directives: readonly DirectiveLike[] | undefined): 'always' | 'maybe' | 'never' {
  let result: 'always' | 'maybe' = 'always'
  for (const directive of directives ?? []) {
    const name = directive.name.value
    if (name !== 'include' && name !== 'skip') continue
    const value = directive.arguments?.find((a) => a.name.value === 'if')?.value
    if (value?.kind !== 'BooleanValue') result = 'maybe'
    else if ((value.value === true) !== (name === 'include')) return 'never'
  }
  return result
}
