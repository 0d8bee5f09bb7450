import { type Mismatch, pathText } from './shape.js'

// Long enough to recognise an HTML page or a value, short enough for a log line.
const EXCERPT_CHARS = 120

/** A short, single-line view of what the server sent, for an error message (the client redacts it). */
export function excerptOf(value: unknown): string {
  let text: string
  if (typeof value === 'string') text = value
  else if (value === undefined) text = 'nothing'
  else {
    try {
      text = JSON.stringify(value) ?? String(value)
    } catch {
      text = String(value)
    }
  }
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line
}

/**
 * Why a response body cannot be used as a GraphQL answer: too large, not JSON, not an object,
 * a malformed `errors` array. Thrown by the exchange, turned into DinoAiBadResponseError by
 * classify (never a network error, so never retried as one).
 */
export class ResponseBodyProblem extends Error {
  readonly jsonPath: string | undefined
  readonly excerpt: string | undefined
  constructor(message: string, where: { jsonPath?: string; excerpt?: string } = {}) {
    super(message)
    this.name = 'ResponseBodyProblem'
    this.jsonPath = where.jsonPath
    this.excerpt = where.excerpt
  }
}

/** The body stream failed after the headers arrived: the request was sent and maybe processed. */
export class ResponseStreamBroke extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'ResponseStreamBroke'
  }
}

/** The message and details of an answer whose data does not fit the document's generated shape. */
export function mismatchDetails(
  mismatch: Mismatch,
  root: string,
): { message: string; jsonPath: string; excerpt: string } {
  const jsonPath = pathText(root, mismatch.path)
  // A string is quoted, so that `"42"` where a number belongs reads as the string it is.
  const { actual } = mismatch
  const excerpt = excerptOf(typeof actual === 'string' ? JSON.stringify(actual) : actual)
  return {
    message: `answered data that does not match the schema at ${jsonPath}: expected ${mismatch.expected}, got ${excerpt}. Is the endpoint a DinoAI GraphQL API (not a proxy or another service)?`,
    jsonPath,
    excerpt,
  }
}
