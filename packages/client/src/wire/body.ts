import { ResponseBodyProblem, ResponseStreamBroke } from './problems.js'

/**
 * The default cap on a response body: 8 MiB. A run's whole transcript is a few hundred KiB at
 * most, so anything near the cap is not a DinoAI answer.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024

function tooLarge(bytes: number, maxBytes: number, declared: boolean): ResponseBodyProblem {
  return new ResponseBodyProblem(
    `a body of ${declared ? '' : 'more than '}${bytes} bytes, over maxResponseBytes (${maxBytes}); raise maxResponseBytes if this endpoint really sends answers that large`,
  )
}

// decode() without { stream: true } keeps no state between calls, so one decoder serves every body.
const decoder = new TextDecoder()

function decode(chunks: Uint8Array[], size: number): string {
  if (chunks.length === 1) return decoder.decode(chunks[0])
  const whole = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    whole.set(chunk, offset)
    offset += chunk.byteLength
  }
  return decoder.decode(whole)
}

/**
 * Reads the body as text, chunk by chunk, and stops as soon as it passes `maxBytes` (or at once
 * when Content-Length says it will), so a huge body is never buffered whole. A stream that breaks
 * throws ResponseStreamBroke; a body over the cap throws ResponseBodyProblem.
 */
export async function readBody(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  const body = response.body
  if (declared > maxBytes) {
    body?.cancel().catch(() => {})
    throw tooLarge(declared, maxBytes, true)
  }
  if (body === null) return ''
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>
    try {
      read = await reader.read()
    } catch (error) {
      throw new ResponseStreamBroke(error)
    }
    if (read.done) break
    size += read.value.byteLength
    if (size > maxBytes) {
      reader.cancel().catch(() => {})
      throw tooLarge(maxBytes, maxBytes, false)
    }
    chunks.push(read.value)
  }
  return decode(chunks, size)
}
