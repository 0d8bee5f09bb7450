/**
 * The largest request body the DinoAI API accepts, in bytes: 1 MiB. No public document states the
 * production limit; this is the one the SDK holds to on both sides, so that what the mock refuses
 * (HTTP 413) is what the client refuses before sending (a validation error). Raise it here, once,
 * if the API is found to take more.
 */
export const MAX_REQUEST_BYTES = 1_048_576

/**
 * The size of a request body as the API counts it: its UTF-8 bytes, as TextEncoder would encode it
 * (a lone surrogate as U+FFFD), counted without encoding it.
 */
export function requestBytes(body: string): number {
  let bytes = body.length
  for (let i = 0; i < body.length; i++) {
    const unit = body.charCodeAt(i)
    if (unit < 0x80) continue
    if (unit < 0x800) {
      bytes += 1
      continue
    }
    // Everything else is 3 bytes a unit, but a surrogate pair: 4 bytes for its 2 units.
    bytes += 2
    const next = body.charCodeAt(i + 1)
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++
  }
  return bytes
}
