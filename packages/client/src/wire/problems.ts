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
 * a malformed `errors` member. Thrown by the body reader and the envelope parser and caught by the
 * response path (response.ts), which turns it into the DinoAiBadResponseError a caller sees.
 */
export class ResponseBodyProblem extends Error {
  readonly jsonPath: string | undefined
  readonly excerpt: string | undefined
  constructor(message: string, where: { jsonPath?: string; excerpt?: string } = {}) {
    super(message)
    this.jsonPath = where.jsonPath
    this.excerpt = where.excerpt
  }
}

/** The body stream failed after the headers arrived: the request was sent and maybe processed. */
export class ResponseStreamBroke extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
  }
}
