import { type ResultShape, resultShapes } from '@dinoai/operations'
import { getOperationName } from '@urql/core'

type DocumentNode = Parameters<typeof getOperationName>[0]

const byName: Readonly<Record<string, ResultShape>> = resultShapes

// An app's own document (client.request) has no generated shape: only its envelope is checked.
const UNCHECKED: ResultShape = { kind: 'object', nullable: false, fields: {} }

const batches = new WeakMap<DocumentNode, ResultShape>()

// A batch repeats a generated read's one field under aliases: each alias has that field's shape.
function batchShape(document: DocumentNode, single: ResultShape): ResultShape {
  const cached = batches.get(document)
  if (cached) return cached
  const [field] = Object.values(single.fields)
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition')
  const fields: Record<string, ResultShape['fields'][string]> = {}
  for (const selection of operation?.kind === 'OperationDefinition'
    ? operation.selectionSet.selections
    : []) {
    if (selection.kind === 'Field' && field) fields[(selection.alias ?? selection.name).value] = field
  }
  const shape: ResultShape = { kind: 'object', nullable: false, fields }
  batches.set(document, shape)
  return shape
}

/** The shape of a document's `data`: generated for ours (and their batches), unchecked for an app's own. */
export function resultShapeOf(document: DocumentNode): ResultShape {
  const name = getOperationName(document) ?? ''
  const shape = byName[name]
  if (shape) return shape
  const single = name.endsWith('Batch') ? byName[name.slice(0, -'Batch'.length)] : undefined
  return single ? batchShape(document, single) : UNCHECKED
}
