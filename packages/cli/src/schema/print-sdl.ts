import {
  astFromValue,
  DEFAULT_DEPRECATION_REASON,
  type GraphQLArgument,
  type GraphQLDirective,
  type GraphQLEnumValue,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  GraphQLString,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  isUnionType,
  Kind,
  parseValue,
  print,
  type ValueNode,
} from 'graphql'
import { inLayoutOrder, NO_LAYOUT, type SdlLayout } from './layout.js'

// The layout of the checked-in schema.graphql: graphql-js's printSchema conventions (`@deprecated`
// without its default reason), except that every description is a block string on lines of its
// own, as the file writes them. The file is Biome-formatted, so lines break where Biome breaks them
// at the repository's line width: an argument list that does not fit goes one per line, a long union
// one member per line, a long `@deprecated` to the next line. A pulled file is then as Biome leaves it.
const LINE_WIDTH = 110

const fits = (line: string): boolean => line.length <= LINE_WIDTH

/** A description as the file writes it: `"""`, the text on its own lines, `"""`, all indented. */
function printDescription(description: string | null | undefined, indent: string): string {
  if (description === null || description === undefined) return ''
  const lines = description.replaceAll('"""', '\\"""').split('\n')
  const block = `"""\n${lines.map((line) => (line === '' ? '' : indent + line)).join('\n')}\n${indent}"""`
  // Block strings drop common indentation and blank edges: when that would change the text, a
  // plain string keeps it exactly.
  const text = readsBackAs(block, description) ? block : print({ kind: Kind.STRING, value: description })
  return `${indent}${text}\n`
}

function readsBackAs(literal: string, expected: string): boolean {
  try {
    const node = parseValue(literal)
    return node.kind === Kind.STRING && node.value === expected
  } catch {
    return false
  }
}

/** A value literal as Biome writes it: graphql-js's print, with spaces inside object braces. */
function printValue(node: ValueNode): string {
  if (node.kind === Kind.OBJECT) {
    if (node.fields.length === 0) return '{}'
    return `{ ${node.fields.map((f) => `${f.name.value}: ${printValue(f.value)}`).join(', ')} }`
  }
  if (node.kind === Kind.LIST) return `[${node.values.map(printValue).join(', ')}]`
  return print(node)
}

/**
 * `line` followed by the `@deprecated` of `reason`: on the same line when it fits, else on the next
 * line (indented one more level), its argument on a line of its own when even that is too long.
 */
function withDeprecated(line: string, reason: string | null | undefined, indent: string): string {
  if (reason === null || reason === undefined) return line
  if (reason === DEFAULT_DEPRECATION_REASON) return `${line} @deprecated`
  const literal = astFromValue(reason, GraphQLString)
  if (!literal) return `${line} @deprecated`
  const argument = `reason: ${print(literal)}`
  const lastLine = line.slice(line.lastIndexOf('\n') + 1)
  if (fits(`${lastLine} @deprecated(${argument})`)) return `${line} @deprecated(${argument})`
  const inner = `${indent}  `
  if (fits(`${inner}@deprecated(${argument})`)) return `${line}\n${inner}@deprecated(${argument})`
  return `${line}\n${inner}@deprecated(\n${inner}  ${argument}\n${inner})`
}

/** `name: Type = default`, without its `@deprecated`. */
function printInputValueHead(value: GraphQLArgument | GraphQLInputField): string {
  const defaultValue = astFromValue(value.defaultValue, value.type)
  return `${value.name}: ${String(value.type)}${defaultValue ? ` = ${printValue(defaultValue)}` : ''}`
}

function printInputValue(value: GraphQLArgument | GraphQLInputField, indent: string): string {
  const head = `${printDescription(value.description, indent)}${indent}${printInputValueHead(value)}`
  return withDeprecated(head, value.deprecationReason, indent)
}

/** A list of members, each after a blank line where the layout has one. */
function printMembers<T extends { name: string }>(
  items: readonly T[],
  key: string,
  layout: SdlLayout,
  printOne: (item: T) => string,
): string {
  return inLayoutOrder(items, (item) => item.name, layout.members.get(key))
    .map((item, i) => (i > 0 && layout.spaced.has(`${key}.${item.name}`) ? '\n' : '') + printOne(item))
    .join('\n')
}

/**
 * `head(arguments)tail`: on one line when no argument has a description and the line fits, else
 * one argument per line, closing at `indent`.
 */
function printWithArguments(
  head: string,
  args: readonly GraphQLArgument[],
  tail: string,
  where: { key: string; layout: SdlLayout; indent: string },
): string {
  if (args.length === 0) return `${head}${tail}`
  const { key, layout, indent } = where
  const ordered = inLayoutOrder(args, (arg) => arg.name, layout.members.get(key))
  const oneLine = `${head}(${ordered.map((arg) => withDeprecated(printInputValueHead(arg), arg.deprecationReason, indent)).join(', ')})${tail}`
  if (ordered.every((arg) => !arg.description) && !oneLine.includes('\n') && fits(oneLine)) return oneLine
  const lines = printMembers(ordered, key, layout, (arg) => printInputValue(arg, `${indent}  `))
  return `${head}(\n${lines}\n${indent})${tail}`
}

function printField(type: string, field: GraphQLField<unknown, unknown>, layout: SdlLayout): string {
  const line = printWithArguments(`  ${field.name}`, field.args, `: ${String(field.type)}`, {
    key: `${type}.${field.name}`,
    layout,
    indent: '  ',
  })
  return `${printDescription(field.description, '  ')}${withDeprecated(line, field.deprecationReason, '  ')}`
}

function printEnumValue(value: GraphQLEnumValue): string {
  return `${printDescription(value.description, '  ')}${withDeprecated(`  ${value.name}`, value.deprecationReason, '  ')}`
}

const braces = (body: string): string => (body === '' ? '' : ` {\n${body}\n}`)

const implementing = (interfaces: readonly { name: string }[]): string =>
  interfaces.length === 0 ? '' : ` implements ${interfaces.map((i) => i.name).join(' & ')}`

function printUnion(head: string, name: string, members: readonly { name: string }[]): string {
  if (members.length === 0) return `${head}union ${name}`
  const oneLine = `union ${name} = ${members.map((t) => t.name).join(' | ')}`
  return `${head}${fits(oneLine) ? oneLine : `union ${name} =\n${members.map((t) => `  | ${t.name}`).join('\n')}`}`
}

/** One type definition, its description first. */
function printType(type: GraphQLNamedType, layout: SdlLayout): string {
  const head = printDescription(type.description, '')
  const name = type.name
  if (isObjectType(type) || isInterfaceType(type)) {
    const keyword = isObjectType(type) ? 'type' : 'interface'
    const fields = printMembers(Object.values(type.getFields()), name, layout, (f) =>
      printField(name, f, layout),
    )
    return `${head}${keyword} ${name}${implementing(type.getInterfaces())}${braces(fields)}`
  }
  if (isUnionType(type)) {
    return printUnion(
      head,
      name,
      inLayoutOrder(type.getTypes(), (t) => t.name, layout.members.get(name)),
    )
  }
  if (isEnumType(type)) {
    return `${head}enum ${name}${braces(printMembers(type.getValues(), name, layout, printEnumValue))}`
  }
  if (isInputObjectType(type)) {
    const fields = printMembers(Object.values(type.getFields()), name, layout, (f) =>
      printInputValue(f, '  '),
    )
    return `${head}input ${name}${type.isOneOf ? ' @oneOf' : ''}${braces(fields)}`
  }
  const url = type.specifiedByURL
  const specifiedBy = url ? ` @specifiedBy(url: ${print({ kind: Kind.STRING, value: url })})` : ''
  return `${head}scalar ${name}${specifiedBy}`
}

function printDirective(directive: GraphQLDirective, layout: SdlLayout): string {
  const repeatable = directive.isRepeatable ? ' repeatable' : ''
  const line = printWithArguments(
    `directive @${directive.name}`,
    directive.args,
    `${repeatable} on ${directive.locations.join(' | ')}`,
    { key: `@${directive.name}`, layout, indent: '' },
  )
  return `${printDescription(directive.description, '')}${line}`
}

const CONVENTIONAL_ROOTS = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const

function printSchemaDefinition(schema: GraphQLSchema): string {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const
  const lines = roots.flatMap(([operation, type]) => (type ? [`  ${operation}: ${type.name}`] : []))
  return `${printDescription(schema.description, '')}schema {\n${lines.join('\n')}\n}`
}

/** Whether the schema needs a `schema { ... }` block: a description, or roots not named as usual. */
function needsSchemaDefinition(schema: GraphQLSchema, layout: SdlLayout): boolean {
  if (schema.description || layout.order.includes('schema')) return true
  return (
    (schema.getQueryType()?.name ?? 'Query') !== CONVENTIONAL_ROOTS.query ||
    (schema.getMutationType()?.name ?? 'Mutation') !== CONVENTIONAL_ROOTS.mutation ||
    (schema.getSubscriptionType()?.name ?? 'Subscription') !== CONVENTIONAL_ROOTS.subscription
  )
}

/**
 * The schema as SDL in the layout of an existing file (its definition and member order, its blank
 * lines between members); definitions and members the file lacks follow in the schema's order.
 * Built-in scalars, directives and introspection types are left out, as in any SDL file.
 */
export function printSdl(schema: GraphQLSchema, layout: SdlLayout = NO_LAYOUT): string {
  const blocks: { key: string; text: string }[] = []
  if (needsSchemaDefinition(schema, layout))
    blocks.push({ key: 'schema', text: printSchemaDefinition(schema) })
  for (const directive of schema.getDirectives()) {
    if (!isSpecifiedDirective(directive))
      blocks.push({ key: `@${directive.name}`, text: printDirective(directive, layout) })
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isIntrospectionType(type) && !isSpecifiedScalarType(type))
      blocks.push({ key: type.name, text: printType(type, layout) })
  }
  // The schema block stays first when the file had none: that is where every SDL file puts it.
  const order = layout.order.includes('schema') ? layout.order : ['schema', ...layout.order]
  return `${inLayoutOrder(blocks, (block) => block.key, order)
    .map((block) => block.text)
    .join('\n\n')}\n`
}
