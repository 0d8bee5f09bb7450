import {
  type DefinitionNode,
  type DocumentNode,
  Kind,
  type NamedTypeNode,
  parse,
  print,
  type TypeDefinitionNode,
  visit,
} from 'graphql'

/**
 * What the API gained after the schema that older backends still serve: `legacy: true` removes it
 * from the served schema, so a document that uses any of it is refused with HTTP 400, as such a
 * backend refuses it. Types only these fields used (steps, checklist items, the stop result) go too.
 */
export const NEWER_API_SURFACE = {
  fields: {
    Mutation: ['stopDinoaiAgentRun'],
    TriggerDinoAiAgentRun: ['warning'],
    DinoAiAgentRun: ['steps', 'startupSteps'],
  },
  arguments: {
    'Mutation.triggerDinoaiAgentRun': ['modelFamily'],
  },
} as const satisfies {
  fields: Record<string, readonly string[]>
  arguments: Record<string, readonly string[]>
}

const lookup = (table: Readonly<Record<string, readonly string[]>>, key: string): readonly string[] =>
  Object.hasOwn(table, key) ? (table[key] ?? []) : []

/** The document without the newer fields and arguments. */
function withoutNewerFields(document: DocumentNode): DocumentNode {
  const removed = (type: string, field: string) => lookup(NEWER_API_SURFACE.fields, type).includes(field)
  const trimType = <T extends { name: { value: string }; fields?: readonly FieldLike[] | undefined }>(
    node: T,
  ): T => {
    const type = node.name.value
    const fields = node.fields
      ?.filter((field) => !removed(type, field.name.value))
      .map((field) => {
        const dropped = lookup(NEWER_API_SURFACE.arguments, `${type}.${field.name.value}`)
        if (dropped.length === 0 || !field.arguments) return field
        return { ...field, arguments: field.arguments.filter((a) => !dropped.includes(a.name.value)) }
      })
    return { ...node, fields }
  }
  return visit(document, {
    ObjectTypeDefinition: trimType,
    ObjectTypeExtension: trimType,
  })
}

interface FieldLike {
  name: { value: string }
  arguments?: readonly { name: { value: string } }[] | undefined
}

const isTypeDefinition = (node: DefinitionNode): node is TypeDefinitionNode =>
  node.kind === Kind.OBJECT_TYPE_DEFINITION ||
  node.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
  node.kind === Kind.ENUM_TYPE_DEFINITION ||
  node.kind === Kind.SCALAR_TYPE_DEFINITION ||
  node.kind === Kind.INTERFACE_TYPE_DEFINITION ||
  node.kind === Kind.UNION_TYPE_DEFINITION

/** The names of the root types: from the schema definition, else Query, Mutation and Subscription. */
function rootTypes(document: DocumentNode): Set<string> {
  const roots = new Set<string>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION) {
      for (const op of definition.operationTypes) roots.add(op.type.name.value)
    }
  }
  return roots.size > 0 ? roots : new Set(['Query', 'Mutation', 'Subscription'])
}

/** Every type name a definition refers to (field, argument and input field types, unions, interfaces). */
function referencedNames(node: DefinitionNode): string[] {
  const names: string[] = []
  visit(node, {
    NamedType(named: NamedTypeNode) {
      names.push(named.name.value)
    },
  })
  return names
}

/** The document without the type definitions that nothing reachable from a root type uses any more. */
function withoutUnreachableTypes(document: DocumentNode): DocumentNode {
  const types = new Map<string, TypeDefinitionNode>()
  for (const definition of document.definitions) {
    if (isTypeDefinition(definition)) types.set(definition.name.value, definition)
  }
  const reachable = new Set<string>()
  const queue = [...rootTypes(document)]
  while (queue.length > 0) {
    const name = queue.pop()
    if (name === undefined || reachable.has(name)) continue
    reachable.add(name)
    const definition = types.get(name)
    if (definition) queue.push(...referencedNames(definition).filter((n) => n !== name))
  }
  return {
    ...document,
    definitions: document.definitions.filter((d) => !isTypeDefinition(d) || reachable.has(d.name.value)),
  }
}

/**
 * The SDL an older backend serves, derived from `sdl` (the current schema): the newer fields and
 * arguments removed with graphql-js, so the two can never drift apart.
 */
export function legacySchemaSdl(sdl: string): string {
  return print(withoutUnreachableTypes(withoutNewerFields(parse(sdl))))
}
