import { type ASTNode, type DocumentNode, Kind, parse } from 'graphql'

/**
 * How a checked-in schema file is laid out, so that a schema printed from introspection keeps it:
 * the order of its definitions, the order of the members of each, and where a blank line separates
 * two members. An unchanged API then prints the file byte for byte; what is new goes after.
 */
export interface SdlLayout {
  /** Definition keys in file order: `schema`, type names, and `@name` for directives. */
  readonly order: readonly string[]
  /**
   * Member names in file order, by key: a type's fields, input fields, enum values or union
   * members under its name; a field's arguments under `Type.field`; a directive's under `@name`.
   */
  readonly members: ReadonlyMap<string, readonly string[]>
  /** `key.member` for the members that a blank line separates from the one before them. */
  readonly spaced: ReadonlySet<string>
}

/** The layout of nothing: definitions and members keep the server's order. */
export const NO_LAYOUT: SdlLayout = { order: [], members: new Map(), spaced: new Set() }

interface Named {
  name: { value: string }
  loc?: ASTNode['loc']
}

const startLine = (node: Named): number => node.loc?.startToken.line ?? 0
const endLine = (node: Named): number => node.loc?.endToken.line ?? 0

/** Collects layouts while walking a document; extensions add to their type's members. */
function collector() {
  const order: string[] = []
  const members = new Map<string, string[]>()
  const spaced = new Set<string>()
  return {
    definition(key: string): void {
      if (!order.includes(key)) order.push(key)
    },
    members(key: string, nodes: readonly Named[] | undefined): void {
      if (!nodes || nodes.length === 0) return
      const names = members.get(key) ?? []
      members.set(key, names)
      nodes.forEach((node, i) => {
        names.push(node.name.value)
        const previous = nodes[i - 1]
        // The node's location starts at its description, so a described member counts from there.
        if (previous && startLine(node) - endLine(previous) > 1) spaced.add(`${key}.${node.name.value}`)
      })
    },
    layout: (): SdlLayout => ({ order, members, spaced }),
  }
}

/** The layout of a document's definitions. */
function layoutOfDocument(document: DocumentNode): SdlLayout {
  const found = collector()
  for (const definition of document.definitions) {
    switch (definition.kind) {
      case Kind.SCHEMA_DEFINITION:
      case Kind.SCHEMA_EXTENSION:
        found.definition('schema')
        break
      case Kind.DIRECTIVE_DEFINITION: {
        const key = `@${definition.name.value}`
        found.definition(key)
        found.members(key, definition.arguments)
        break
      }
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const type = definition.name.value
        found.definition(type)
        found.members(type, definition.fields)
        for (const field of definition.fields ?? []) {
          found.members(`${type}.${field.name.value}`, field.arguments)
        }
        break
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        found.definition(definition.name.value)
        found.members(definition.name.value, definition.fields)
        break
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        found.definition(definition.name.value)
        found.members(definition.name.value, definition.values)
        break
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
        found.definition(definition.name.value)
        found.members(definition.name.value, definition.types)
        break
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
        found.definition(definition.name.value)
        break
      default:
        break
    }
  }
  return found.layout()
}

/** The layout of a schema file's text. Throws graphql-js's syntax error when it does not parse. */
export function layoutOf(sdl: string): SdlLayout {
  return layoutOfDocument(parse(sdl))
}

/** The items in the order `known` lists their names, then the ones it does not list, in their own order. */
export function inLayoutOrder<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  known: readonly string[] | undefined,
): T[] {
  if (!known || known.length === 0) return [...items]
  const rank = new Map(known.map((name, i) => [name, i]))
  const listed = items.filter((item) => rank.has(nameOf(item)))
  listed.sort((a, b) => (rank.get(nameOf(a)) ?? 0) - (rank.get(nameOf(b)) ?? 0))
  return [...listed, ...items.filter((item) => !rank.has(nameOf(item)))]
}
