import type { ResultShape, TypedOperation } from '@dinoai/operations'
import { type AnyVariables, getOperationName, type TypedDocumentNode } from '@urql/core'
import { documentOf, type Outgoing } from './outgoing.js'

// The node types of a document, named from urql's own DocumentNode (no dependency on graphql).
type DocumentNode = Parameters<typeof getOperationName>[0]
type Definition = DocumentNode['definitions'][number]
type OperationNode = Extract<Definition, { kind: 'OperationDefinition' }>
type SelectionSetNode = OperationNode['selectionSet']
type FieldNode = Extract<SelectionSetNode['selections'][number], { kind: 'Field' }>
type ArgumentNode = NonNullable<FieldNode['arguments']>[number]
type VariableDefinitionNode = NonNullable<OperationNode['variableDefinitions']>[number]

/** A document whose one top-level field reads one run: `dinoaiAgentRun(agentSessionId: $agentSessionId)`. */
export type RunDocument<Data extends { dinoaiAgentRun: unknown }, Variables> = TypedDocumentNode<
  Data,
  Variables
>

/** What a batch of reads answers: under each alias (`s0`, `s1`, ...), what the single read's field holds. */
export type BatchData<Run> = { [alias: string]: Run }

/** The variables of a batch: each read's variables, renamed for its alias (see `batchVariableName`). */
export type BatchVariables<Variables> = { [name: string]: Variables[keyof Variables] }

/** The alias of the i-th read in a batch document. */
export function batchAlias(index: number): string {
  return `s${index}`
}

/**
 * The name of a read's variable in a batch: `agentSessionId` becomes the alias itself (`$s0`, as
 * batches have always been sent), any other variable `$s0_<name>` (e.g. `$s0_after`).
 */
export function batchVariableName(index: number, name: string): string {
  return name === 'agentSessionId' ? batchAlias(index) : `${batchAlias(index)}_${name}`
}

function operationOf(document: DocumentNode): OperationNode {
  const operation = document.definitions.find((d): d is OperationNode => d.kind === 'OperationDefinition')
  if (!operation) throw new Error(`${getOperationName(document)}: no operation to batch`)
  return operation
}

/** The document's one top-level field: what a batch repeats under aliases. */
function onlyField(document: DocumentNode): FieldNode {
  const [field, ...others] = operationOf(document).selectionSet.selections
  if (field?.kind !== 'Field' || others.length > 0) {
    throw new Error(
      `${getOperationName(document)}: a batch repeats a document with exactly one top-level field`,
    )
  }
  return field
}

/** The key under which a document's answer holds its one top-level field (its alias, else its name). */
export function responseKey(document: DocumentNode): string {
  const field = onlyField(document)
  return (field.alias ?? field.name).value
}

function renameArgument(argument: ArgumentNode, index: number): ArgumentNode {
  const { value } = argument
  if (value.kind !== 'Variable') return argument
  const name = { ...value.name, value: batchVariableName(index, value.name.value) }
  return { ...argument, value: { ...value, name } }
}

// Variables may be used below the top-level field (e.g. `steps(after: $after)`), so the renaming
// goes down the field's selections; fragments spread there use no variables of their own.
function renameField(field: FieldNode, index: number): FieldNode {
  return {
    ...field,
    ...(field.arguments ? { arguments: field.arguments.map((a) => renameArgument(a, index)) } : {}),
    ...(field.selectionSet ? { selectionSet: renameSelections(field.selectionSet, index) } : {}),
  }
}

function renameSelections(selectionSet: SelectionSetNode, index: number): SelectionSetNode {
  const selections = selectionSet.selections.map((s) => (s.kind === 'Field' ? renameField(s, index) : s))
  return { ...selectionSet, selections }
}

function renameVariableDefinition(definition: VariableDefinitionNode, index: number): VariableDefinitionNode {
  const { variable } = definition
  const name = { ...variable.name, value: batchVariableName(index, variable.name.value) }
  return { ...definition, variable: { ...variable, name } }
}

const batches = new WeakMap<DocumentNode, Map<number, DocumentNode>>()

/**
 * A query reading `size` runs at once, made from a generated single-run document: its operation
 * becomes `<Name>Batch`, its one field is repeated as `s0: dinoaiAgentRun(agentSessionId: $s0) {...}`,
 * `s1: ...`, with every variable renamed per alias, and its fragments are kept. Built from the
 * generated nodes themselves, so the selection never drifts from codegen; cached per document and size.
 */
export function batchDocument<Data extends { dinoaiAgentRun: unknown }, Variables>(
  document: RunDocument<Data, Variables>,
  size: number,
): TypedDocumentNode<BatchData<Data['dinoaiAgentRun']>, BatchVariables<Variables>> {
  const cache = batches.get(document) ?? new Map<number, DocumentNode>()
  batches.set(document, cache)
  const cached = cache.get(size)
  if (cached) return cached
  const operation = operationOf(document)
  const field = onlyField(document)
  const indexes = Array.from({ length: size }, (_, i) => i)
  const batch: TypedDocumentNode<BatchData<Data['dinoaiAgentRun']>, BatchVariables<Variables>> = {
    kind: document.kind,
    definitions: [
      {
        ...operation,
        name: { ...field.name, value: `${getOperationName(document)}Batch` },
        variableDefinitions: indexes.flatMap((i) =>
          (operation.variableDefinitions ?? []).map((d) => renameVariableDefinition(d, i)),
        ),
        selectionSet: {
          ...operation.selectionSet,
          selections: indexes.map((i) => ({
            ...renameField(field, i),
            alias: { ...field.name, value: batchAlias(i) },
          })),
        },
      },
      ...document.definitions.filter((d) => d.kind === 'FragmentDefinition'),
    ],
  }
  cache.set(size, batch)
  return batch
}

/** The variables of a batch document: each read's variables under their renamed names, in order. */
export function batchVariables<Variables extends object>(
  reads: readonly Variables[],
): BatchVariables<Variables> {
  const variables: BatchVariables<Variables> = {}
  reads.forEach((read, i) => {
    for (const name in read) variables[batchVariableName(i, name)] = read[name]
  })
  return variables
}

const shapes = new WeakMap<object, Map<number, ResultShape>>()

/** The batch's shape: the one field of the single read, under every alias; cached per operation and size. */
function batchShape(
  operation: { name: string; shape: ResultShape },
  field: string,
  size: number,
): ResultShape {
  const cache = shapes.get(operation) ?? new Map<number, ResultShape>()
  shapes.set(operation, cache)
  const known = cache.get(size)
  if (known) return known
  const shape = operation.shape.fields[field]
  if (shape === undefined) throw new Error(`${operation.name}: a batch needs the shape of ${field}`)
  const fields: Record<string, ResultShape['fields'][string]> = {}
  for (let i = 0; i < size; i++) fields[batchAlias(i)] = shape
  const made: ResultShape = { kind: 'object', nullable: false, fields }
  cache.set(size, made)
  return made
}

/**
 * The batch of one of our run operations, ready to send: its document (see `batchDocument`) and its
 * shape, each alias checked as the single read's field is.
 */
export function batchOperation<Data extends { dinoaiAgentRun: unknown }, Variables extends AnyVariables>(
  operation: TypedOperation<Data, Variables>,
  size: number,
): Outgoing<BatchData<Data['dinoaiAgentRun']>, BatchVariables<Variables>> {
  const single = documentOf(operation)
  const document = batchDocument(single, size)
  return {
    name: getOperationName(document),
    kind: 'query',
    shape: batchShape(operation, responseKey(single), size),
    document,
  }
}
