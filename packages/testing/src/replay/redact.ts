// Secrets never reach a cassette. A value is a secret when the recorder was told so (the key and
// the secret from the environment), or when it travelled in a credential header of a request.

/** What a secret is replaced with: the same marker @dinoai/client's errors use. */
export const REDACTED = '[redacted]'

// As in @dinoai/client's `redactSecrets` (which this package cannot import: the client depends on
// it): a secret shorter than this is replaced only where it is a whole value, not inside other
// text, where replacing it would shred ordinary words. Real keys and secrets are far longer.
const MIN_SUBSTRING_LENGTH = 6

/** Request headers that carry credentials: never recorded, their values redacted wherever they appear. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-api-secret',
  'cookie',
])

/** The secrets a recorder knows of, growing as credential headers come in, and how to remove them. */
export interface SecretScrubber {
  /** Learns a secret (and its `Bearer <it>` form); a `Bearer <token>` value teaches the token too. */
  add(secret: string): void
  /** Learns the values of the credential headers among these. */
  addHeaders(headers: Headers | Readonly<Record<string, string>>): void
  /** The text with every known secret replaced by `[redacted]`. */
  scrub(text: string): string
}

const entriesOf = (headers: Headers | Readonly<Record<string, string>>): [string, string][] =>
  headers instanceof Headers ? [...headers.entries()] : Object.entries(headers)

/** A scrubber that starts with these secrets. */
export function createSecretScrubber(initial: readonly string[] = []): SecretScrubber {
  const whole = new Set<string>()
  // Longest first, so a secret that contains another is replaced whole.
  let inside: string[] = []

  const add = (secret: string): void => {
    const value = secret.trim()
    if (value === '' || whole.has(value)) return
    const bearer = /^Bearer\s+(.+)$/i.exec(value)?.[1]
    for (const form of bearer ? [value, bearer] : [value, `Bearer ${value}`]) {
      whole.add(form)
      if (form.length >= MIN_SUBSTRING_LENGTH && !inside.includes(form)) inside.push(form)
    }
    inside = inside.sort((a, b) => b.length - a.length)
  }
  for (const secret of initial) add(secret)

  return {
    add,
    addHeaders(headers) {
      for (const [name, value] of entriesOf(headers))
        if (CREDENTIAL_HEADERS.has(name.toLowerCase())) add(value)
    },
    scrub(text) {
      if (whole.has(text.trim())) return REDACTED
      let out = text
      for (const secret of inside) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
      return out
    },
  }
}
