// A fetch that fails says what happened, per cause: an unknown host is not "connection refused".
import { createServer } from 'node:net'
import { describe, expect, test } from 'vitest'
import { createDinoAiClient, DinoAiNetworkError } from '../src/index.js'

/** What undici's fetch rejects with when the connection fails: TypeError('fetch failed') over the system error. */
const fetchFailing = (code: string, text: string) => async (): Promise<Response> => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error(text), { code }) })
}

const clientWith = (fetch: () => Promise<Response>) =>
  createDinoAiClient({ endpoint: 'https://nope.invalid/graphql', apiKey: 'k', fetch, retry: false })

describe('a failed fetch names its cause', () => {
  test.each([
    [
      'ENOTFOUND',
      'getaddrinfo ENOTFOUND nope.invalid',
      'the host name does not resolve, so nothing was sent',
    ],
    [
      'EAI_AGAIN',
      'getaddrinfo EAI_AGAIN nope.invalid',
      'could not be resolved just now (a temporary DNS failure), so nothing was sent',
    ],
    ['ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:443', 'the connection was refused, so nothing was sent'],
    ['ENETUNREACH', 'connect ENETUNREACH 10.0.0.1:443', 'the network is unreachable, so nothing was sent'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:443', 'the host is unreachable, so nothing was sent'],
    ['UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error', 'the connection timed out, so nothing was sent'],
    ['ECONNRESET', 'read ECONNRESET', 'the connection was reset. Check'],
  ])('%s', async (code, text, says) => {
    const error = await clientWith(fetchFailing(code, text))
      .getRun('s-1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiNetworkError)
    const { message } = error as DinoAiNetworkError
    expect(message).toContain(says)
    expect(message).toContain(`(${code})`)
    if (code !== 'ECONNREFUSED') expect(message).not.toMatch(/refused/)
  })

  test('an unknown code is shown as it is, with no guess at its meaning', async () => {
    const error = await clientWith(fetchFailing('EWEIRD', 'something odd'))
      .getRun('s-1')
      .catch((e: unknown) => e)
    expect((error as Error).message).toMatch(
      /got no response from https:\/\/nope\.invalid\/graphql \(EWEIRD\)\. Check/,
    )
  })

  test('a really closed port on 127.0.0.1 is refused', async () => {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address()
        if (typeof address !== 'object' || address === null) return reject(new Error('no port'))
        server.close(() => resolve(address.port))
      })
    })
    const client = createDinoAiClient({
      endpoint: `http://127.0.0.1:${port}/graphql`,
      apiKey: 'k',
      retry: false,
    })
    const error = await client.getRun('s-1').catch((e: unknown) => e)
    expect((error as Error).message).toContain(
      '(ECONNREFUSED): the connection was refused, so nothing was sent.',
    )
  })
})
