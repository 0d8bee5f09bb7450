// Codegen plugin: emits `schemaIndex`, a compact index of the schema that @dinoai/operations'
// `resultShapeOf` reads at run time to compute the shape of any document's `data` (ours and an
// app's). Per named type: its kind; for object and interface types each field's type reference in
// SDL notation (`[DinoAiAgentMessage!]!`); for interfaces and unions their possible object types.
// Built-in scalars and introspection types are left out: their names are fixed by the spec, and
// the index ships in browser bundles.
const {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
} = require('graphql')

const fieldRefs = (type) =>
  Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, String(field.type)]))

const possibleTypes = (schema, type) => schema.getPossibleTypes(type).map((possible) => possible.name)

function entryOf(schema, type) {
  if (isObjectType(type)) return { kind: 'object', fields: fieldRefs(type) }
  if (isInterfaceType(type))
    return { kind: 'interface', fields: fieldRefs(type), possibleTypes: possibleTypes(schema, type) }
  if (isUnionType(type)) return { kind: 'union', possibleTypes: possibleTypes(schema, type) }
  if (isEnumType(type)) return 'enum'
  if (isInputObjectType(type)) return 'input'
  if (isScalarType(type)) return 'scalar'
  throw new Error(`schema index: ${type} is of a kind this plugin does not know`)
}

/** The index of a built GraphQLSchema, as plain data (the shape of the `SchemaIndex` type). */
function schemaIndexOf(schema) {
  const index = {}
  for (const [root, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ]) {
    if (type) index[root] = type.name
  }
  index.types = {}
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue
    index.types[type.name] = entryOf(schema, type)
  }
  return index
}

module.exports = {
  schemaIndexOf,
  plugin(schema) {
    return [
      "import type { SchemaIndex } from '../shapes/types.js'",
      '',
      '/**',
      ' * The schema in brief, for computing result shapes at run time (`resultShapeOf`): each named',
      " * type's kind, the type of every output field, and the possible types of interfaces and unions.",
      ' */',
      `export const schemaIndex: SchemaIndex = ${JSON.stringify(schemaIndexOf(schema), null, 2)}`,
      '',
    ].join('\n')
  },
}
