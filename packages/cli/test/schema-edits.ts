// Schema edits for the schema tests, through the graphql-js AST. Names the tests add are picked
// free: a schema that gains `costUsd` one day (its evolution test adds such fields) keeps them green.
import {
  buildSchema,
  type DocumentNode,
  type FieldDefinitionNode,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
} from 'graphql'

/** `base`, or `base2`, `base3`... whichever `taken` does not hold. */
export function freshName(taken: Iterable<string>, base: string): string {
  const names = new Set(taken)
  let name = base
  for (let i = 2; names.has(name); i++) name = `${base}${i}`
  return name
}

/** The names of a type's fields (or enum values) in an SDL, and of all its types under `*`. */
export function namesIn(sdl: string, type: string): string[] {
  const schema = buildSchema(sdl)
  if (type === '*') return Object.keys(schema.getTypeMap())
  const found = schema.getType(type)
  if (isObjectType(found) || isInterfaceType(found) || isInputObjectType(found))
    return Object.keys(found.getFields())
  if (isEnumType(found)) return found.getValues().map((v) => v.name)
  throw new Error(`${type} is not a type with members in the schema`)
}

/** The SDL's document with one object type's fields edited. */
export function editType(
  sdl: string,
  type: string,
  edit: (fields: readonly FieldDefinitionNode[]) => FieldDefinitionNode[],
): DocumentNode {
  const document = parse(sdl)
  return {
    ...document,
    definitions: document.definitions.map((d) =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type
        ? ({ ...d, fields: edit(d.fields ?? []) } satisfies ObjectTypeDefinitionNode)
        : d,
    ),
  }
}

/** A field definition from its SDL, e.g. `"What it cost." cost: Float`. */
export function fieldNode(sdl: string): FieldDefinitionNode {
  const [definition] = parse(`type T { ${sdl} }`).definitions
  const field = definition?.kind === Kind.OBJECT_TYPE_DEFINITION ? definition.fields?.[0] : undefined
  if (!field) throw new Error(`not a field: ${sdl}`)
  return field
}
