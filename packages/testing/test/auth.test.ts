import { TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import { createMockDinoAi, type MockCredentials, MockDinoAiUsageError } from '@dinoai/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { gql, type Harness, harness, MODES } from './helpers.js'

const KEY_SECRET: MockCredentials = { apiKey: 'key-123', apiSecret: 'plain-secret-456' }
const WSP: MockCredentials = { apiSecret: 'prdm_wsp_secret789', workspaceUid: 'ws-1' }
const CMP: MockCredentials = { apiSecret: 'prdm_cmp_secret000', workspaceUid: 'ws-2' }
const KEY_ONLY: MockCredentials = { apiKey: 'key-only-321' }
const KEY_CMP: MockCredentials = { apiKey: 'key-777', apiSecret: 'prdm_cmp_secret111', workspaceUid: 'ws-3' }

describe.each(MODES)('auth (%s)', (mode) => {
  let h: Harness
  afterEach(async () => h.close())

  const trigger = (headers: Record<string, string>) =>
    gql(h, TriggerDinoAiAgentRunDocument, { message: 'hi' }, headers)

  test.each([
    [
      'X-API-KEY and X-API-SECRET',
      KEY_SECRET,
      { 'x-api-key': 'key-123', 'x-api-secret': 'plain-secret-456' },
    ],
    ['Bearer with a prdm_wsp_ secret', WSP, { authorization: 'Bearer prdm_wsp_secret789' }],
    [
      'Bearer and workspace with a prdm_wsp_ secret',
      WSP,
      { authorization: 'Bearer prdm_wsp_secret789', 'x-paradime-workspace': 'ws-1' },
    ],
    [
      'Bearer and workspace with a prdm_cmp_ secret',
      CMP,
      { authorization: 'Bearer prdm_cmp_secret000', 'x-paradime-workspace': 'ws-2' },
    ],
    [
      'key and secret headers with a prdm_cmp_ secret',
      CMP,
      { 'x-api-key': 'k', 'x-api-secret': 'prdm_cmp_secret000', 'x-paradime-workspace': 'ws-2' },
    ],
    [
      'Bearer <api key> with a key-only mock (the GitHub action)',
      KEY_ONLY,
      { authorization: 'Bearer key-only-321' },
    ],
    [
      'Bearer <api key> when a plain secret is configured too',
      KEY_SECRET,
      { authorization: 'Bearer key-123' },
    ],
    [
      'Bearer <api key> beside a prdm_cmp_ secret, without a workspace',
      KEY_CMP,
      { authorization: 'Bearer key-777' },
    ],
    [
      'Bearer <prdm_cmp_ secret> when a key is configured too',
      KEY_CMP,
      {
        authorization: 'Bearer prdm_cmp_secret111',
        'x-paradime-workspace': 'ws-3',
      },
    ],
  ])('accepts %s', async (_name, credentials, headers) => {
    h = await harness(mode, { credentials })
    const result = await trigger(headers)
    expect(result.status).toBe(200)
    expect(result.body.data.triggerDinoaiAgentRun.ok).toBe(true)
  })

  test.each([
    ['no credentials', KEY_SECRET, {}, /Missing credentials/],
    [
      'a wrong secret',
      KEY_SECRET,
      { 'x-api-key': 'key-123', 'x-api-secret': 'nope' },
      /Invalid API key or secret/,
    ],
    [
      'a wrong key',
      KEY_SECRET,
      { 'x-api-key': 'other', 'x-api-secret': 'plain-secret-456' },
      /Invalid API key or secret/,
    ],
    ['only a key', KEY_SECRET, { 'x-api-key': 'key-123' }, /both X-API-KEY and X-API-SECRET/],
    [
      'Bearer with a plain secret',
      KEY_SECRET,
      { authorization: 'Bearer plain-secret-456' },
      /prdm_wsp_ or prdm_cmp_/,
    ],
    [
      'Bearer with a plain secret and no key configured',
      { apiSecret: 'plain-secret-456' },
      { authorization: 'Bearer plain-secret-456' },
      /needs the API key or a prdm_wsp_ or prdm_cmp_ secret/,
    ],
    ['a wrong key as Bearer (key-only)', KEY_ONLY, { authorization: 'Bearer key-other' }, /Invalid API key/],
    [
      'key and secret headers with a key-only mock',
      KEY_ONLY,
      { 'x-api-key': 'key-only-321', 'x-api-secret': 'anything' },
      /has no secret: send it as Authorization: Bearer <API key>/,
    ],
    ['no credentials (key-only)', KEY_ONLY, {}, /Authorization: Bearer <API key>/],
    [
      'Bearer <api key> from another workspace',
      KEY_CMP,
      { authorization: 'Bearer key-777', 'x-paradime-workspace': 'ws-9' },
      /does not match/,
    ],
    ['Basic auth', WSP, { authorization: 'Basic abc' }, /Bearer <secret>/],
    ['a wrong bearer secret', WSP, { authorization: 'Bearer prdm_wsp_other' }, /Invalid API secret/],
    [
      'a prdm_cmp_ secret without workspace',
      CMP,
      { authorization: 'Bearer prdm_cmp_secret000' },
      /X-Paradime-Workspace is required/,
    ],
    [
      'another workspace',
      WSP,
      { authorization: 'Bearer prdm_wsp_secret789', 'x-paradime-workspace': 'ws-9' },
      /does not match/,
    ],
  ])(
    'refuses %s with HTTP 401 UNAUTHENTICATED and creates no run',
    async (_name, credentials, headers, message) => {
      h = await harness(mode, { credentials })
      const result = await trigger(headers)
      expect(result.status).toBe(401)
      expect(result.body.errors[0].message).toMatch(message)
      expect(result.body.errors[0].extensions.code).toBe('UNAUTHENTICATED')
      for (const value of [credentials.apiSecret, credentials.apiKey]) {
        if (value !== undefined) expect(JSON.stringify(result.body)).not.toContain(value)
      }
      expect(h.mock.runs).toEqual([])
      expect(h.mock.requests[0]?.status).toBe(401)
    },
  )

  test('credentials need a key or a secret, as non-empty strings', async () => {
    h = await harness('in-process')
    expect(() => createMockDinoAi({ credentials: {} })).toThrow(/needs an apiKey, an apiSecret or both/)
    expect(() => createMockDinoAi({ credentials: { apiKey: '' } })).toThrow(
      /credentials.apiKey must be a non-empty string/,
    )
    expect(() => createMockDinoAi({ credentials: { apiKey: 'k', apiSecret: '' } })).toThrow(
      MockDinoAiUsageError,
    )
  })

  test('without credentials configured, any request is accepted', async () => {
    h = await harness(mode)
    expect((await trigger({})).status).toBe(200)
  })

  test('runs belong to the credentials workspace unless the request names one', async () => {
    h = await harness(mode, { credentials: WSP })
    await trigger({ authorization: 'Bearer prdm_wsp_secret789' })
    expect(h.mock.runs[0]?.workspaceUid).toBe('ws-1')
  })
})
