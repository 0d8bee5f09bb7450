import type { TypeShape } from '@dinoai/operations'
import { isPlainObject } from './json.js'

/** Where an answer first differs from its generated shape: the JSON path, what was expected, what came. */
export interface Mismatch {
  /** Keys and indexes from the value checked down to the culprit, e.g. `['messages', 0, 'ts']`. */
  path: (string | number)[]
  /** What the shape wanted there, e.g. `a non-null Float`. */
  expected: string
  /** What the answer had there (or undefined when the field was missing). */
  actual: unknown
}

const INT_MIN = -(2 ** 31)
const INT_MAX = 2 ** 31 - 1

// Scalar checks follow the GraphQL spec's result coercion: Int is a 32-bit integer, Float a
// finite number, ID a string (the spec serialises IDs as strings), enums are open strings.
function scalarFits(kind: string, value: unknown): boolean {
  switch (kind) {
    case 'String':
    case 'ID':
    case 'enum':
      return typeof value === 'string'
    case 'Boolean':
      return typeof value === 'boolean'
    case 'Int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value)
    default:
      return true
  }
}

function describe(shape: TypeShape): string {
  const nullability = shape.nullable ? 'a nullable' : 'a non-null'
  if (shape.kind === 'list') return `${nullability} list`
  if (shape.kind === 'object') return `${nullability} object`
  return `${nullability} ${shape.kind === 'enum' ? 'enum string' : shape.kind}`
}

/**
 * The first place where `value` does not fit `shape`, or undefined when it fits. Only the fields
 * the shape names are checked (a server may add more); the path is built only on a mismatch, so
 * a valid answer costs one walk and no allocations.
 */
export function findMismatch(value: unknown, shape: TypeShape): Mismatch | undefined {
  if (value === null)
    return shape.nullable ? undefined : { path: [], expected: describe(shape), actual: value }
  if (shape.kind === 'list') return listMismatch(value, shape)
  if (shape.kind === 'object') return objectMismatch(value, shape)
  return scalarFits(shape.kind, value) ? undefined : { path: [], expected: describe(shape), actual: value }
}

function listMismatch(value: unknown, shape: Extract<TypeShape, { kind: 'list' }>): Mismatch | undefined {
  if (!Array.isArray(value)) return { path: [], expected: describe(shape), actual: value }
  for (let i = 0; i < value.length; i++) {
    const inner = findMismatch(value[i], shape.of)
    if (inner) {
      inner.path.unshift(i)
      return inner
    }
  }
  return undefined
}

function objectMismatch(value: unknown, shape: Extract<TypeShape, { kind: 'object' }>): Mismatch | undefined {
  if (!isPlainObject(value)) return { path: [], expected: describe(shape), actual: value }
  for (const key in shape.fields) {
    const field = shape.fields[key]
    if (field === undefined) continue
    const item = value[key]
    if (item === undefined) {
      if (field.optional) continue
      return { path: [key], expected: `${describe(field)} (the field is missing)`, actual: undefined }
    }
    const inner = findMismatch(item, field)
    if (inner) {
      inner.path.unshift(key)
      return inner
    }
  }
  return undefined
}

/** A path as JSON-path-like text from `root`: `data.dinoaiAgentRun.messages[0].ts`. */
export function pathText(root: string, path: readonly (string | number)[]): string {
  let text = root
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `.${part}`
  return text
}
