// The request size limit of @dinoai/operations, enforced alike in-process and over HTTP.
import { MAX_REQUEST_BYTES } from '@dinoai/operations'
import { describe, expect, test } from 'vitest'
import { harness, MODES } from './helpers.js'

/** A send whose body is exactly `bytes` long (ASCII padding in the message). */
function sendBody(bytes: number): string {
  const head = '{"query":"mutation { sendDinoaiAgentMessage(agentSessionId: \\"s\\", message: \\"'
  const tail = '\\") { ok } }"}'
  return `${head}${'x'.repeat(bytes - head.length - tail.length)}${tail}`
}

describe.each(MODES)('%s', (mode) => {
  test('a body of MAX_REQUEST_BYTES is read; one byte more is HTTP 413 with a GraphQL-shaped error', async () => {
    const h = await harness(mode)
    try {
      const post = (body: string) =>
        h.fetch(h.mock.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      const atLimit = await post(sendBody(MAX_REQUEST_BYTES))
      expect(atLimit.status).toBe(200)
      const over = await post(sendBody(MAX_REQUEST_BYTES + 1))
      expect(over.status).toBe(413)
      expect(over.headers.get('content-type')).toMatch(/^application\/json/)
      const answer = (await over.json()) as { errors: { message: string; extensions: { code: string } }[] }
      expect(answer.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE')
      expect(answer.errors[0]?.message).toMatch(/accepts at most 1048576 \(1 MiB\)/)
      expect(h.mock.requests.at(-1)).toMatchObject({ status: 413, operationName: null })
    } finally {
      await h.close()
    }
  })

  test('the limit counts UTF-8 bytes, not characters', async () => {
    const h = await harness(mode)
    try {
      // Each dinosaur is 2 UTF-16 units and 4 bytes: under the limit in characters, over it in bytes.
      const dinos = '🦕'.repeat(Math.ceil(MAX_REQUEST_BYTES / 4))
      const body = JSON.stringify({ query: `{ __typename } # ${dinos}` })
      expect(body.length).toBeLessThan(MAX_REQUEST_BYTES)
      const over = await h.fetch(h.mock.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      expect(over.status).toBe(413)
    } finally {
      await h.close()
    }
  })
})
