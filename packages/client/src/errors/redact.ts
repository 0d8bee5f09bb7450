import { DinoAiError } from './errors.js'

/** What a secret is replaced with, wherever it appears in an error. */
export const REDACTED = '[redacted]'

// Replacing a one-letter "secret" would shred every message, id and transcript (every "s" gone),
// and real secrets are far longer: shorter ones are left as they are.
export const MIN_REDACTED_LENGTH = 6

/**
 * The text with every occurrence of each secret replaced by `[redacted]`, for logs and messages
 * of your own. Secrets shorter than 6 characters are left as they are (replacing them would
 * shred ordinary text; real secrets are far longer). The client's errors are redacted this way.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= MIN_REDACTED_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED)
  }
  return out
}

// Deeper than any API answer; past it a hostile body cannot make redaction overflow the stack.
const MAX_DEPTH = 64

/** Removes the client's secrets from strings and from the errors it hands out. */
export interface Redactor {
  /** The text with every secret replaced by `[redacted]`. */
  text(text: string): string
  /**
   * A copy of a DinoAiError, same class, in which every string it carries (message, stack, cause,
   * GraphQL errors and data, runs) is redacted. Anything else (a caller's own abort reason or
   * error) is returned untouched. The original and what it points to are never modified.
   */
  error(error: unknown): unknown
  /** A copy of plain data (objects, arrays, strings) with every secret in its strings and keys redacted. */
  data(value: unknown): unknown
}

/** A redactor for these secrets (the API secret and the `Bearer <secret>` header value). */
export function createRedactor(secrets: readonly string[]): Redactor {
  const redactable = secrets.filter((secret) => secret.length >= MIN_REDACTED_LENGTH)
  const text = (value: string): string => redactSecrets(value, redactable)

  // `ancestors` holds the objects on the path from the root: a cycle becomes '[Circular]', so the
  // copy stays printable by JSON.stringify; an object shared by two branches is copied twice.
  function copy(value: unknown, ancestors: object[]): unknown {
    if (typeof value === 'string') return text(value)
    if (typeof value !== 'object' || value === null) return value
    if (ancestors.includes(value)) return '[Circular]'
    if (ancestors.length >= MAX_DEPTH) return '[too deep]'
    ancestors.push(value)
    try {
      if (Array.isArray(value)) return value.map((item) => copy(item, ancestors))
      if (value instanceof Error) return copyError(value, ancestors)
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) return text(String(value))
      const out: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) out[text(key)] = copy(item, ancestors)
      return out
    } finally {
      ancestors.pop()
    }
  }

  // A real Error (so util.types.isNativeError and util.inspect still treat it as one) given the
  // original's prototype, then every own property copied through `copy`: no per-class cases.
  function copyError(error: Error, ancestors: object[]): Error {
    const out = new Error()
    Object.setPrototypeOf(out, Object.getPrototypeOf(error))
    // Without an own stack the copy must not show one pointing here.
    if (!Object.hasOwn(error, 'stack')) Reflect.deleteProperty(out, 'stack')
    for (const key of Reflect.ownKeys(error)) {
      const descriptor = Object.getOwnPropertyDescriptor(error, key)
      if (descriptor === undefined) continue
      // An accessor is read through the original, as the property would be.
      const value: unknown = 'value' in descriptor ? descriptor.value : Reflect.get(error, key)
      Object.defineProperty(out, key, {
        value: copy(value, ancestors),
        writable: descriptor.writable ?? true,
        enumerable: descriptor.enumerable ?? false,
        configurable: true,
      })
    }
    return out
  }

  return {
    text,
    error: (error) => (error instanceof DinoAiError ? copy(error, []) : error),
    data: (value) => copy(value, []),
  }
}
