// Codegen plugin: emits, for every operation of the documents, the shape of its `data` as the
// schema and the selection set define it: which fields, their scalar kinds, nullability and lists.
// @dinoai/client checks every answer against it, so a schema or document change updates the
// validation with `pnpm codegen`, never by hand.
const {
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
} = require('graphql')

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID'])

// A field under @include or @skip may be absent from the answer altogether.
const isConditional = (field) =>
  (field.directives ?? []).some((d) => d.name.value === 'include' || d.name.value === 'skip')

function typeShape(type, selectionSet, context) {
  const nullable = !isNonNullType(type)
  const inner = getNullableType(type)
  if (isListType(inner)) return { kind: 'list', nullable, of: typeShape(inner.ofType, selectionSet, context) }
  if (isEnumType(inner)) return { kind: 'enum', nullable }
  if (isScalarType(inner))
    return { kind: BUILT_IN_SCALARS.has(inner.name) ? inner.name : 'unknown', nullable }
  if (!isObjectType(inner)) {
    // Interfaces and unions would need a shape per possible type; the schema has none yet.
    throw new Error(
      `result shapes: ${inner.name} is abstract, which codegen-result-shapes.cjs does not handle yet`,
    )
  }
  return { kind: 'object', nullable, fields: objectFields(inner, selectionSet, context) }
}

// The fields a selection set asks of one object type, fragments merged in, keyed by response key.
function objectFields(parent, selectionSet, context, fields = {}) {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = (selection.alias ?? selection.name).value
      if (selection.name.value === '__typename') {
        fields[key] = { kind: 'String', nullable: false }
        continue
      }
      const definition = parent.getFields()[selection.name.value]
      if (!definition) throw new Error(`result shapes: ${parent.name} has no field ${selection.name.value}`)
      const shape = typeShape(definition.type, selection.selectionSet, context)
      fields[key] = isConditional(selection) ? { ...shape, optional: true } : shape
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      objectFields(parent, selection.selectionSet, context, fields)
    } else {
      const fragment = context.fragments.get(selection.name.value)
      if (!fragment) throw new Error(`result shapes: unknown fragment ${selection.name.value}`)
      objectFields(parent, fragment.selectionSet, context, fields)
    }
  }
  return fields
}

function rootType(schema, operation) {
  const root =
    operation === 'query'
      ? schema.getQueryType()
      : operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType()
  if (!root) throw new Error(`result shapes: the schema has no ${operation} type`)
  return root
}

module.exports = {
  plugin(schema, documents) {
    const definitions = documents.flatMap((d) => d.document.definitions)
    const fragments = new Map(
      definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    )
    const shapes = {}
    for (const operation of definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
      if (!operation.name) throw new Error('result shapes: every operation needs a name')
      const root = rootType(schema, operation.operation)
      shapes[operation.name.value] = {
        kind: 'object',
        nullable: false,
        fields: objectFields(root, operation.selectionSet, { fragments }),
      }
    }
    return [
      "import type { ResultShape } from '../shape.js'",
      '',
      '/**',
      " * The shape of each operation's `data`, by operation name: the fields its selection set asks for,",
      " * with the schema's scalar kinds, nullability and lists. Enums are open (any string), as new values",
      ' * may appear. @dinoai/client checks every answer against these before using it.',
      ' */',
      `export const resultShapes = ${JSON.stringify(shapes, null, 2)} as const satisfies Record<string, ResultShape>`,
      '',
    ].join('\n')
  },
}
