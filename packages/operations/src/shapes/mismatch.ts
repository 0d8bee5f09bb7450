import type { TypeShape } from './types.js'

type ObjectShape = Extract<TypeShape, { kind: 'object' }>
type AbstractShape = Extract<TypeShape, { kind: 'abstract' }>

/** Where an answer first differs from its result shape: the JSON path, what was expected, what came. */
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

// Long lists of possible types are cut in messages; the first few say enough.
const namesText = (names: readonly string[]): string =>
  names.length <= 4 ? names.join(' or ') : `${names.slice(0, 3).join(', ')} or ${names.length - 3} more`

function describe(shape: TypeShape): string {
  const nullability = shape.nullable ? 'a nullable' : 'a non-null'
  switch (shape.kind) {
    case 'list':
      return `${nullability} list`
    case 'object':
      return `${nullability} object`
    case 'abstract':
      return `${nullability} object of type ${namesText(Object.keys(shape.possible))}`
    case 'typename':
      return `a __typename naming ${namesText(shape.names)}`
    case 'enum':
      return `${nullability} enum string`
    default:
      return `${nullability} ${shape.kind}`
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The first place where `value` does not fit `shape`, or undefined when it fits. Only the fields
 * the shape names are checked (a server may add more); the path is built only on a mismatch, so
 * a valid answer costs one walk and no allocations.
 */
export function findMismatch(value: unknown, shape: TypeShape): Mismatch | undefined {
  if (value === null)
    return shape.nullable ? undefined : { path: [], expected: describe(shape), actual: value }
  switch (shape.kind) {
    case 'list':
      return listMismatch(value, shape)
    case 'object':
      return objectMismatch(value, shape)
    case 'abstract':
      return abstractMismatch(value, shape)
    case 'typename':
      return typeof value === 'string' && shape.names.includes(value)
        ? undefined
        : { path: [], expected: describe(shape), actual: value }
    default:
      return scalarFits(shape.kind, value)
        ? undefined
        : { path: [], expected: describe(shape), actual: value }
  }
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

function objectMismatch(value: unknown, shape: ObjectShape): Mismatch | undefined {
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

/**
 * An interface or union value: checked against the shape of the type its `__typename` names when
 * the answer has one, otherwise it must fit one of the possible types' shapes. When none fits, the
 * mismatch reported is the one that went deepest (the type the answer most likely meant).
 */
function abstractMismatch(value: unknown, shape: AbstractShape): Mismatch | undefined {
  if (!isPlainObject(value)) return { path: [], expected: describe(shape), actual: value }
  const typename = value.__typename
  // Own keys only: a __typename such as "constructor" must not find Object.prototype's.
  if (typeof typename === 'string' && Object.hasOwn(shape.possible, typename)) {
    const own = shape.possible[typename]
    if (own) return objectMismatch(value, own)
  }
  let best: Mismatch | undefined
  for (const name in shape.possible) {
    const possible = shape.possible[name]
    if (possible === undefined) continue
    const mismatch = objectMismatch(value, possible)
    if (mismatch === undefined) return undefined
    if (best === undefined || mismatch.path.length > best.path.length) best = mismatch
  }
  // A type this schema does not know (a newer server's): say so rather than pick a field of a guess.
  const names = Object.keys(shape.possible)
  if (
    typeof typename === 'string' &&
    names.some((n) => shape.possible[n]?.fields.__typename?.kind === 'typename')
  )
    return { path: ['__typename'], expected: `a __typename naming ${namesText(names)}`, actual: typename }
  return best ?? { path: [], expected: `${describe(shape)} (the schema has no such type)`, actual: value }
}

/** A path as JSON-path-like text from `root`: `data.dinoaiAgentRun.messages[0].ts`. */
export function pathText(root: string, path: readonly (string | number)[]): string {
  let text = root
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `.${part}`
  return text
}
