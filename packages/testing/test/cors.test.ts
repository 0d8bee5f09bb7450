import { type MockDinoAiServer, MockDinoAiUsageError, startMockDinoAiServer } from '@dinoai/testing'
import { afterEach, describe, expect, test } from 'vitest'

const PAGE = 'http://127.0.0.1:5173'

const preflight = (server: MockDinoAiServer, origin: string) =>
  fetch(server.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  })

const post = (server: MockDinoAiServer, origin: string) =>
  fetch(server.url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { triggerDinoaiAgentRun(agent: "a") { ok } }' }),
  })

const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'))

describe('CORS on the HTTP server', () => {
  let server: MockDinoAiServer
  afterEach(async () => server.close())

  test('an allowed origin gets a 204 preflight with the methods and every header the clients send', async () => {
    server = await startMockDinoAiServer({ cors: { origins: [PAGE] } })
    const response = await preflight(server, PAGE)
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE)
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(/,\s*/)
    for (const header of [
      'authorization',
      'content-type',
      'x-api-key',
      'x-api-secret',
      'x-paradime-workspace',
    ]) {
      expect(allowed).toContain(header)
    }
    expect(response.headers.get('vary')).toBe('Origin')
    // A preflight is the browser's, not an API request: it is not recorded.
    expect(server.requests).toEqual([])
  })

  test('responses to an allowed origin carry Access-Control-Allow-Origin and expose the request id', async () => {
    server = await startMockDinoAiServer({ cors: { origins: ['http://other.test', PAGE] } })
    const response = await post(server, PAGE)
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE)
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id')
    expect(server.runs).toHaveLength(1)
  })

  test('errors carry the header too, so a page can read a 401', async () => {
    server = await startMockDinoAiServer({ cors: { origins: [PAGE] }, credentials: { apiKey: 'k' } })
    const response = await post(server, PAGE)
    expect(response.status).toBe(401)
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE)
  })

  test('another origin gets no CORS headers: its preflight is an ordinary refused OPTIONS', async () => {
    server = await startMockDinoAiServer({ cors: { origins: [PAGE] } })
    const refused = await preflight(server, 'http://evil.test')
    expect(refused.status).toBe(405)
    expect(corsHeaders(refused)).toEqual([])
    const answered = await post(server, 'http://evil.test')
    expect(answered.status).toBe(200)
    expect(corsHeaders(answered)).toEqual([])
  })

  test("origins: ['*'] allows any origin, echoing it", async () => {
    server = await startMockDinoAiServer({ cors: { origins: ['*'] } })
    const response = await preflight(server, 'http://localhost:3000')
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
  })

  test('off by default: no CORS headers, OPTIONS is refused as before', async () => {
    server = await startMockDinoAiServer()
    const response = await preflight(server, PAGE)
    expect(response.status).toBe(405)
    expect(corsHeaders(response)).toEqual([])
    expect(corsHeaders(await post(server, PAGE))).toEqual([])
  })

  test('bad origins are refused when the server starts', async () => {
    // @ts-expect-error: origins must be an array
    await expect(startMockDinoAiServer({ cors: { origins: PAGE } })).rejects.toThrow(MockDinoAiUsageError)
    await expect(startMockDinoAiServer({ cors: { origins: [''] } })).rejects.toThrow(/cors.origins/)
    server = await startMockDinoAiServer()
  })
})
