// The server's sentence inside the client's message keeps one period (tried as a new user would:
// a wrong secret read "Invalid API key or secret.. Check ...").
import { createMockDinoAi } from '@dinoai/testing'
import { expect, test } from 'vitest'
import { createDinoAiClient, DinoAiAuthenticationError, DinoAiServerError } from '../src/index.js'

test('a rejected secret: the mock says "Invalid API key or secret." and the error says it once', async () => {
  const mock = createMockDinoAi({ credentials: { apiKey: 'key-123456', apiSecret: 'secret-123456' } })
  const client = createDinoAiClient({
    endpoint: mock.url,
    apiKey: 'key-123456',
    apiSecret: 'wrong-123456',
    fetch: mock.fetch,
  })
  const error = await client.getRun('s-1').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(DinoAiAuthenticationError)
  expect((error as Error).message).toContain('(HTTP 401): Invalid API key or secret. Check PARADIME_API_KEY')
  expect((error as Error).message).not.toMatch(/\.\./)
})

test('a 5xx whose error ends with a period ends the message with one', async () => {
  const fetch = async () =>
    new Response(JSON.stringify({ errors: [{ message: 'Upstream is down.' }] }), {
      status: 503,
      headers: { 'content-type': 'application/json' },
    })
  const client = createDinoAiClient({ endpoint: 'https://x.test/graphql', apiKey: 'k', fetch, retry: false })
  const error = await client.getRun('s-1').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(DinoAiServerError)
  expect((error as Error).message).toBe('The DinoAI API failed with HTTP 503: Upstream is down.')
})
