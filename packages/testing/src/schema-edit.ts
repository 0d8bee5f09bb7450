import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  type NamedTypeNode,
  parse,
  print,
} from 'graphql'
import { MockDinoAiUsageError } from './errors.js'

/** What `editSchemaSdl` changes: SDL to merge in, and schema coordinates to remove. */
export interface SchemaEdits {
  /**
   * SDL. Its `extend type|interface|input|enum|union` definitions add fields, enum values,
   * interfaces and union members to the types they name; a field or value the type already has is
   * replaced (its description, and its arguments', kept when the new one has none), so a type
   * change, a new argument or a deprecation is the field written again. Other definitions are new types.
   */
  extend?: string
  /** Schema coordinates to remove: `Type`, or `Type.member` (a field, input field or enum value). */
  remove?: readonly string[]
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type Member = FieldDefinitionNode | InputValueDefinitionNode | { readonly name: { readonly value: string } }
type TypeNode = Mutable<DefinitionNode> & {
  name?: { value: string }
  fields?: readonly Member[]
  values?: readonly Member[]
  interfaces?: readonly NamedTypeNode[]
  types?: readonly NamedTypeNode[]
  directives?: readonly ConstDirectiveNode[]
}

// Each extension kind merges into the definition of the same type kind.
const DEFINITION_OF: Readonly<Record<string, string>> = {
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INTERFACE_TYPE_EXTENSION]: Kind.INTERFACE_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
  [Kind.UNION_TYPE_EXTENSION]: Kind.UNION_TYPE_DEFINITION,
}

/**
 * A schema's SDL changed through graphql-js's AST (parse, edit, print), never by matching its
 * text: for serving the next version of a schema in a test, e.g. a field the API may add.
 * Throws MockDinoAiUsageError when an edit names a type or member the SDL lacks, or adds a type
 * it already has, so a test never passes on an edit that did nothing.
 */
export function editSchemaSdl(sdl: string, edits: SchemaEdits): string {
  const definitions = parse(sdl).definitions.map((d) => ({ ...d }) as TypeNode)
  for (const extension of edits.extend ? parse(edits.extend).definitions : []) {
    const kind = DEFINITION_OF[extension.kind]
    const name = 'name' in extension ? extension.name?.value : undefined
    if (kind === undefined) {
      if (name !== undefined && typeNamed(definitions, name))
        throw new MockDinoAiUsageError(
          `editSchemaSdl: ${name} is already defined; use \`extend\` to change it.`,
        )
      definitions.push({ ...extension } as TypeNode)
      continue
    }
    const target = definitions.find((d) => d.kind === kind && d.name?.value === name)
    if (target === undefined)
      throw new MockDinoAiUsageError(
        `editSchemaSdl: ${print(extension).split(' {')[0]} names no such type in the schema.`,
      )
    merge(target, extension as TypeNode)
  }
  let result = definitions
  for (const coordinate of edits.remove ?? []) result = removed(result, coordinate)
  return print({ kind: Kind.DOCUMENT, definitions: result } as DocumentNode)
}

const typeNamed = (definitions: readonly TypeNode[], name: string): TypeNode | undefined =>
  definitions.find((d) => d.kind !== Kind.SCHEMA_DEFINITION && d.name?.value === name)

function merge(target: TypeNode, extension: TypeNode): void {
  if (extension.fields) target.fields = mergeMembers(target.fields ?? [], extension.fields)
  if (extension.values) target.values = mergeMembers(target.values ?? [], extension.values)
  if (extension.interfaces) target.interfaces = mergeNames(target.interfaces ?? [], extension.interfaces)
  if (extension.types) target.types = mergeNames(target.types ?? [], extension.types)
  if (extension.directives?.length)
    target.directives = [...(target.directives ?? []), ...extension.directives]
}

function mergeMembers(members: readonly Member[], added: readonly Member[]): Member[] {
  const result = [...members]
  for (const member of added) {
    const at = result.findIndex((m) => m.name.value === member.name.value)
    if (at === -1) result.push(member)
    else result[at] = keepDescriptions(result[at] as Member, member)
  }
  return result
}

// A member written again keeps what it said of itself and of its arguments, unless it says anew.
function keepDescriptions(old: Member, member: Member): Member {
  const description = (m: Member) => ('description' in m ? m.description : undefined)
  const args = 'arguments' in member ? member.arguments : undefined
  const oldArgs = 'arguments' in old ? (old.arguments ?? []) : []
  return {
    ...member,
    description: description(member) ?? description(old),
    ...(args && {
      arguments: args.map((arg) => ({
        ...arg,
        description: arg.description ?? oldArgs.find((o) => o.name.value === arg.name.value)?.description,
      })),
    }),
  } as Member
}

function mergeNames(names: readonly NamedTypeNode[], added: readonly NamedTypeNode[]): NamedTypeNode[] {
  return [...names, ...added.filter((n) => !names.some((m) => m.name.value === n.name.value))]
}

function removed(definitions: TypeNode[], coordinate: string): TypeNode[] {
  const [typeName = '', member] = coordinate.split('.')
  const type = typeNamed(definitions, typeName)
  if (type === undefined)
    throw new MockDinoAiUsageError(`editSchemaSdl: cannot remove ${coordinate}: no type ${typeName}.`)
  if (member === undefined) return definitions.filter((d) => d !== type)
  const key = type.fields ? 'fields' : 'values'
  const members = type[key] ?? []
  const kept = members.filter((m) => m.name.value !== member)
  if (kept.length === members.length)
    throw new MockDinoAiUsageError(
      `editSchemaSdl: cannot remove ${coordinate}: ${typeName} has no ${member}.`,
    )
  type[key] = kept
  return definitions
}
