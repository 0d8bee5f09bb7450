import type { GraphQLErrorEntry } from '../errors/errors.js'
import { isPlainObject } from './json.js'
import { excerptOf, ResponseBodyProblem } from './problems.js'

/** A GraphQL response whose envelope has been checked: `data` an object or null, `errors` usable entries. */
export interface Envelope {
  data?: Record<string, unknown> | null
  errors?: GraphQLErrorEntry[]
  extensions?: Record<string, unknown>
}

const isPath = (value: unknown): value is (string | number)[] =>
  Array.isArray(value) && value.every((p) => typeof p === 'string' || Number.isInteger(p))

/** An entry with a string message is usable; a malformed path or extensions is dropped, not fatal. */
function entryOf(value: unknown): GraphQLErrorEntry | undefined {
  if (!isPlainObject(value) || typeof value.message !== 'string') return undefined
  const entry: GraphQLErrorEntry = { message: value.message }
  if (isPath(value.path)) entry.path = value.path
  if (isPlainObject(value.extensions)) entry.extensions = value.extensions
  return entry
}

// The spec makes `errors` a list of objects with a string message. Anything else (one string, one
// object) is not a GraphQL error but a body this client cannot trust: BAD_RESPONSE, with its path.
function errorsOf(value: unknown): GraphQLErrorEntry[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) {
    throw new ResponseBodyProblem('an `errors` member that is not a list, so not a GraphQL response', {
      jsonPath: 'errors',
      excerpt: excerptOf(value),
    })
  }
  const entries: GraphQLErrorEntry[] = []
  for (const item of value) {
    const entry = entryOf(item)
    if (entry) entries.push(entry)
  }
  if (entries.length > 0 || value.length === 0) return entries.length > 0 ? entries : undefined
  const index = value.findIndex((item) => entryOf(item) === undefined)
  throw new ResponseBodyProblem('an `errors` entry without a string message, so not a GraphQL error', {
    jsonPath: `errors[${index}]`,
    excerpt: excerptOf(value[index]),
  })
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ResponseBodyProblem('a body that is not JSON (is the endpoint the GraphQL URL?)', {
      jsonPath: '$',
      excerpt: excerptOf(text),
    })
  }
}

/**
 * Parses a body into a GraphQL response envelope or throws ResponseBodyProblem: not JSON, not an
 * object, `data` not an object, `errors` not a list or without one usable entry, neither data nor
 * errors. Where
 * the server gave a usable error message beside malformed data, the message wins (data null).
 */
export function parseEnvelope(text: string): Envelope {
  const body = parse(text)
  if (!isPlainObject(body)) {
    throw new ResponseBodyProblem('JSON that is not a GraphQL response object', {
      jsonPath: '$',
      excerpt: excerptOf(body),
    })
  }
  const errors = errorsOf(body.errors)
  const data = body.data
  const envelope: Envelope = {}
  if (errors) envelope.errors = errors
  if (isPlainObject(body.extensions)) envelope.extensions = body.extensions
  if (data === null || isPlainObject(data)) envelope.data = data
  else if (data !== undefined && !errors) {
    throw new ResponseBodyProblem('`data` that is not an object', {
      jsonPath: 'data',
      excerpt: excerptOf(data),
    })
  } else if (errors) envelope.data = null
  if (!errors && (envelope.data === undefined || envelope.data === null)) {
    throw new ResponseBodyProblem('neither data nor errors (is the endpoint the GraphQL URL?)', {
      jsonPath: '$',
      excerpt: excerptOf(body),
    })
  }
  return envelope
}
