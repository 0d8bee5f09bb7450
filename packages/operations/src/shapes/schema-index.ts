// A built schema to its SchemaIndex: the one implementation, used by `pnpm codegen` (for the
// checked-in `schemaIndex`) and at run time by @dinoai/testing (for whatever schema the mock
// serves). It reads the schema structurally, with no import of graphql-js, so this package stays
// free of it at run time and out of browser bundles.
import type { SchemaIndex, SchemaIndexType } from './types.js'

/** A named type of a built schema, as graphql-js 16 gives it (`GraphQLObjectType`, `GraphQLEnumType`, ...). */
export interface NamedTypeLike {
  readonly name: string
}

/**
 * A built schema, as graphql-js's `GraphQLSchema` is (typed structurally, so that this package
 * needs graphql-js neither at run time nor in its types).
 */
export interface SchemaLike {
  getQueryType(): NamedTypeLike | null | undefined
  getMutationType(): NamedTypeLike | null | undefined
  getSubscriptionType(): NamedTypeLike | null | undefined
  getTypeMap(): { readonly [typeName: string]: NamedTypeLike }
  getPossibleTypes(abstractType: NamedTypeLike): readonly NamedTypeLike[]
}

/** An object or interface type: its fields, each with a type that prints as SDL (`[String!]!`). */
interface WithFields extends NamedTypeLike {
  getFields(): { readonly [fieldName: string]: { readonly name: string; readonly type: unknown } }
}

// graphql-js 16's type classes name themselves through Symbol.toStringTag; `instanceof` would
// need graphql-js here, and would fail across two copies of it anyway.
const tagOf = (type: NamedTypeLike): string => Object.prototype.toString.call(type).slice(8, -1)

// Left out of the index: their names are fixed by the spec (introspection types are `__`-named).
const SPECIFIED_SCALARS: ReadonlySet<string> = new Set(['String', 'Int', 'Float', 'Boolean', 'ID'])

const fieldRefs = (type: NamedTypeLike): { [field: string]: string } =>
  Object.fromEntries(
    Object.values((type as WithFields).getFields()).map((field) => [field.name, String(field.type)]),
  )

const possibleTypes = (schema: SchemaLike, type: NamedTypeLike): string[] =>
  schema.getPossibleTypes(type).map((possible) => possible.name)

function entryOf(schema: SchemaLike, type: NamedTypeLike): SchemaIndexType {
  const tag = tagOf(type)
  switch (tag) {
    case 'GraphQLObjectType':
      return { kind: 'object', fields: fieldRefs(type) }
    case 'GraphQLInterfaceType':
      return { kind: 'interface', fields: fieldRefs(type), possibleTypes: possibleTypes(schema, type) }
    case 'GraphQLUnionType':
      return { kind: 'union', possibleTypes: possibleTypes(schema, type) }
    case 'GraphQLEnumType':
      return 'enum'
    case 'GraphQLInputObjectType':
      return 'input'
    case 'GraphQLScalarType':
      return 'scalar'
    default:
      throw new Error(
        `schemaIndexOf: type ${type.name} is not a graphql-js 16 schema type (its tag is ${tag}); pass a GraphQLSchema built by graphql 16, e.g. buildSchema(sdl).`,
      )
  }
}

/**
 * The index of a built schema (graphql-js's `GraphQLSchema`), for `resultShapeOf(document, index)`:
 * its root type names, and each named type's kind, output field types and possible types. The
 * built-in scalars and introspection types are left out. `schemaIndex` is this, for the
 * checked-in schema; call it for another one (a pulled schema, the one a mock serves).
 */
export function schemaIndexOf(schema: SchemaLike): SchemaIndex {
  const roots: { query?: string; mutation?: string; subscription?: string } = {}
  const query = schema.getQueryType()
  const mutation = schema.getMutationType()
  const subscription = schema.getSubscriptionType()
  if (query) roots.query = query.name
  if (mutation) roots.mutation = mutation.name
  if (subscription) roots.subscription = subscription.name
  const types: { [typeName: string]: SchemaIndexType } = {}
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue
    if (SPECIFIED_SCALARS.has(type.name) && tagOf(type) === 'GraphQLScalarType') continue
    types[type.name] = entryOf(schema, type)
  }
  return { ...roots, types }
}
