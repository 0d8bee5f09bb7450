import { readFileSync } from 'node:fs'
import {
  createDinoAiClient,
  DinoAiAuthenticationError,
  DinoAiValidationError,
  ENV_VARS,
  isBearerSecret,
  VERSION,
} from '@dinoai/client'
import { createMockDinoAi } from '@dinoai/testing'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { authHeaders } from '../src/config/auth.js'
import { checkEndpoint, isLoopbackHost, resolveConfig } from '../src/config/options.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

function validationError(fn: () => unknown): DinoAiValidationError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(DinoAiValidationError)
    return error as DinoAiValidationError
  }
  throw new Error('expected a DinoAiValidationError')
}

describe('version', () => {
  test('VERSION equals package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    expect(VERSION).toBe(pkg.version)
  })
})

describe('endpoint', () => {
  test.each([
    'https://api.paradime.io/api/v1/abc/graphql',
    'http://localhost:4000/graphql',
    'http://127.0.0.1:4000/graphql',
    'http://127.8.9.10/graphql',
    'http://[::1]:4000/graphql',
  ])('accepts %s', (url) => {
    expect(checkEndpoint(url)).toBe(new URL(url).href)
  })

  test.each([
    ['http://api.paradime.io/graphql', /must use https/],
    ['http://128.0.0.1/graphql', /must use https/],
    ['http://localhost.evil.com/graphql', /must use https/],
    ['ftp://localhost/graphql', /must use https, not ftp/],
    ['/graphql', /not an absolute URL/],
    ['api.paradime.io/graphql', /not an absolute URL/],
  ])('rejects %s', (url, message) => {
    const error = validationError(() => checkEndpoint(url))
    expect(error.field).toBe('endpoint')
    expect(error.message).toMatch(message)
  })

  test('loopback hosts', () => {
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('10.0.0.1')).toBe(false)
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false)
  })
})

describe('credentials and headers', () => {
  test('key and secret go as X-API-KEY and X-API-SECRET', () => {
    expect(authHeaders({ apiKey: 'k', apiSecret: 's' })).toEqual({ 'x-api-key': 'k', 'x-api-secret': 's' })
  })

  test('prdm_wsp_ secrets go as a bearer token, with the workspace when set', () => {
    expect(authHeaders({ apiSecret: 'prdm_wsp_abc' })).toEqual({ authorization: 'Bearer prdm_wsp_abc' })
    expect(authHeaders({ apiKey: 'ignored', apiSecret: 'prdm_wsp_abc', workspaceUid: 'w1' })).toEqual({
      authorization: 'Bearer prdm_wsp_abc',
      'x-paradime-workspace': 'w1',
    })
  })

  test('prdm_cmp_ secrets need a workspace', () => {
    const error = validationError(() => authHeaders({ apiSecret: 'prdm_cmp_abc' }))
    expect(error.field).toBe('workspaceUid')
    expect(error.message).toMatch(/PARADIME_WORKSPACE_UID/)
    expect(error.message).not.toContain('prdm_cmp_abc')
    expect(authHeaders({ apiSecret: 'prdm_cmp_abc', workspaceUid: 'w1' })).toEqual({
      authorization: 'Bearer prdm_cmp_abc',
      'x-paradime-workspace': 'w1',
    })
  })

  test('a plain secret needs a key', () => {
    expect(validationError(() => authHeaders({ apiSecret: 's' })).message).toMatch(/PARADIME_API_KEY/)
  })

  test('missing credentials name the environment variables', () => {
    vi.stubEnv('PARADIME_API_SECRET', '')
    vi.stubEnv('PARADIME_API_KEY', '')
    // A key alone is enough now (sent as a Bearer token), so neither is given here.
    const error = validationError(() => resolveConfig({ endpoint: 'https://x.test/graphql' }))
    expect(error.field).toBe('apiSecret')
    expect(error.message).toMatch(/PARADIME_API_KEY and PARADIME_API_SECRET/)
  })

  test('a key without a secret goes as a bearer token, as the official GitHub action sends it', () => {
    expect(authHeaders({ apiKey: 'key-only-123' })).toEqual({ authorization: 'Bearer key-only-123' })
    expect(authHeaders({ apiKey: 'key-only-123', workspaceUid: 'w1' })).toEqual({
      authorization: 'Bearer key-only-123',
      'x-paradime-workspace': 'w1',
    })
    vi.stubEnv('PARADIME_API_SECRET', '')
    vi.stubEnv('PARADIME_API_KEY', 'env-key-only-456')
    const config = resolveConfig({ endpoint: 'https://x.test/graphql' })
    expect(config.headers.authorization).toBe('Bearer env-key-only-456')
    expect(config.headers['x-api-key']).toBeUndefined()
    // The key is the credential now: errors must not show it.
    expect(config.secrets).toEqual(['env-key-only-456', 'Bearer env-key-only-456'])
  })
  test('missing endpoint names PARADIME_API_ENDPOINT', () => {
    vi.stubEnv('PARADIME_API_ENDPOINT', '')
    expect(validationError(() => resolveConfig({ apiKey: 'k', apiSecret: 's' })).message).toMatch(
      /PARADIME_API_ENDPOINT/,
    )
  })

  test('User-Agent and SDK version headers; extra headers cannot override auth', () => {
    const config = resolveConfig({
      endpoint: 'https://x.test/graphql',
      apiKey: 'k',
      apiSecret: 's',
      headers: { 'X-Trace': 't', 'X-API-SECRET': 'override' },
    })
    expect(config.headers['user-agent']).toBe(`dinoai-typescript/${VERSION} node/${process.versions.node}`)
    expect(config.headers['x-dinoai-sdk-version']).toBe(VERSION)
    expect(config.headers['x-trace']).toBe('t')
    expect(config.headers['x-api-secret']).toBe('s')
  })

  test('rejects bad numeric options', () => {
    const base = { endpoint: 'https://x.test/graphql', apiKey: 'k', apiSecret: 's' }
    expect(validationError(() => resolveConfig({ ...base, requestTimeoutMs: -1 })).field).toBe(
      'requestTimeoutMs',
    )
    expect(validationError(() => resolveConfig({ ...base, maxBatchSize: 0 })).field).toBe('maxBatchSize')
    expect(validationError(() => resolveConfig({ ...base, retry: { maxAttempts: 0 } })).field).toBe(
      'retry.maxAttempts',
    )
  })
})

describe('key-only credentials against the mock', () => {
  test('a key alone authenticates as Bearer; a wrong one is refused without showing it', async () => {
    const mock = createMockDinoAi({ credentials: { apiKey: 'key-only-credential-1' } })
    const base = { endpoint: mock.url, fetch: mock.fetch, retry: false as const }
    const client = createDinoAiClient({ ...base, apiKey: 'key-only-credential-1' })
    const { agentSessionId } = await client.triggerRun({ message: 'hi' })
    expect((await client.getRun(agentSessionId)).status).toBe('QUEUED')
    expect(mock.requests[0]?.headers.authorization).toBe('[redacted]')
    expect(mock.requests[0]?.headers['x-api-key']).toBeUndefined()

    const wrong = createDinoAiClient({ ...base, apiKey: 'key-only-credential-2' })
    const error = await wrong.getRun(agentSessionId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinoAiAuthenticationError)
    expect(JSON.stringify(error)).not.toContain('key-only-credential-2')
  })
})

describe('createDinoAiClient() reads the environment', () => {
  test('endpoint, key, secret and workspace from PARADIME_* variables', async () => {
    const mock = createMockDinoAi({
      credentials: { apiKey: 'env-key', apiSecret: 'env-secret', workspaceUid: 'env-ws' },
    })
    vi.stubEnv('PARADIME_API_ENDPOINT', 'https://dinoai.mock/graphql')
    vi.stubEnv('PARADIME_API_KEY', 'env-key')
    vi.stubEnv('PARADIME_API_SECRET', 'env-secret')
    vi.stubEnv('PARADIME_WORKSPACE_UID', 'env-ws')
    vi.stubGlobal('fetch', mock.fetch)
    try {
      const client = createDinoAiClient()
      const { agentSessionId } = await client.triggerRun({ message: 'from env' })
      const run = await client.getRun(agentSessionId)
      expect(run.workspaceUid).toBe('env-ws')
      const [request] = mock.requests
      expect(request?.url).toBe('https://dinoai.mock/graphql')
      expect(request?.headers['x-paradime-workspace']).toBe('env-ws')
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('ENV_VARS and isBearerSecret, exported for tools built on the client', () => {
  test('ENV_VARS names exactly the variables createDinoAiClient() reads, keyed by option', async () => {
    const mock = createMockDinoAi({ credentials: { apiSecret: 'prdm_cmp_env-token', workspaceUid: 'ws-9' } })
    vi.stubEnv(ENV_VARS.endpoint, 'https://dinoai.mock/graphql')
    vi.stubEnv(ENV_VARS.apiKey, '')
    vi.stubEnv(ENV_VARS.apiSecret, 'prdm_cmp_env-token')
    vi.stubEnv(ENV_VARS.workspaceUid, 'ws-9')
    vi.stubGlobal('fetch', mock.fetch)
    try {
      const run = await createDinoAiClient().triggerRun({ message: 'env' })
      expect(run.status).toBe('queued')
      // The mock accepts only this bearer token and workspace: the variables were read.
      expect(mock.requests[0]?.url).toBe('https://dinoai.mock/graphql')
      expect(mock.requests[0]?.headers['x-paradime-workspace']).toBe('ws-9')
    } finally {
      vi.unstubAllGlobals()
    }
    expect(Object.keys(ENV_VARS).sort()).toEqual(['apiKey', 'apiSecret', 'endpoint', 'workspaceUid'])
  })

  test.each([
    ['prdm_wsp_abc', true],
    ['prdm_cmp_abc', true],
    ['prdm_key_abc', false],
    ['PRDM_WSP_abc', false],
    ['xprdm_wsp_abc', false],
    ['', false],
  ])('isBearerSecret(%j) is %s, as the headers sent agree', (secret, bearer) => {
    expect(isBearerSecret(secret)).toBe(bearer)
    if (secret) {
      const headers = authHeaders({ apiKey: 'k', apiSecret: secret, workspaceUid: 'w' })
      expect('authorization' in headers).toBe(bearer)
    }
  })
})
