import { isBearerSecret, needsWorkspace } from '@dinoai/operations'

/**
 * The credentials the mock accepts. With them set, every request must authenticate. Give an
 * `apiKey`, an `apiSecret`, or both.
 */
export interface MockCredentials {
  /**
   * Checked against X-API-KEY when set (any non-empty key passes otherwise), and accepted alone as
   * `Authorization: Bearer <apiKey>`, as the official GitHub action sends it when it has no secret.
   */
  apiKey?: string
  /** The secret for X-API-SECRET, or for `Authorization: Bearer` when it starts with prdm_wsp_ or prdm_cmp_. Omit it for a key-only mock. */
  apiSecret?: string
  /** The workspace the key belongs to: a sent X-Paradime-Workspace must match it. */
  workspaceUid?: string
}

const isBearer = (secret: string | undefined): secret is string =>
  secret !== undefined && isBearerSecret(secret)

/** What a request authenticated with, or why it did not. */
type AuthResult = { ok: true; via: 'key' | 'secret' } | { ok: false; problem: string }

const refuse = (problem: string): AuthResult => ({ ok: false, problem })

function checkBearer(authorization: string, credentials: MockCredentials): AuthResult {
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim())
  if (!match) return refuse('Authorization header must be "Bearer <secret>" or "Bearer <API key>".')
  const token = match[1]
  const { apiKey, apiSecret } = credentials
  if (apiKey !== undefined && token === apiKey) return { ok: true, via: 'key' }
  if (isBearer(apiSecret)) {
    return token === apiSecret ? { ok: true, via: 'secret' } : refuse('Invalid API secret.')
  }
  if (apiKey !== undefined) {
    return refuse(
      'Invalid API key: Authorization: Bearer takes the API key, or a prdm_wsp_ or prdm_cmp_ secret.',
    )
  }
  return refuse(
    'Bearer authentication needs the API key or a prdm_wsp_ or prdm_cmp_ secret; send X-API-KEY and X-API-SECRET instead.',
  )
}

function checkKeyAndSecret(
  sentKey: string | null,
  sentSecret: string | null,
  credentials: MockCredentials,
): AuthResult {
  if (credentials.apiSecret === undefined) {
    return refuse('This API key has no secret: send it as Authorization: Bearer <API key>.')
  }
  if (!sentKey || !sentSecret) return refuse('Send both X-API-KEY and X-API-SECRET.')
  if (credentials.apiKey !== undefined && sentKey !== credentials.apiKey) {
    return refuse('Invalid API key or secret.')
  }
  if (sentSecret !== credentials.apiSecret) return refuse('Invalid API key or secret.')
  return { ok: true, via: 'secret' }
}

/** Why a request is not authenticated, or null when it is. Messages never contain the sent values. */
export function authFailure(headers: Headers, credentials: MockCredentials): string | null {
  const authorization = headers.get('authorization')
  const sentKey = headers.get('x-api-key')
  const sentSecret = headers.get('x-api-secret')
  let result: AuthResult
  if (authorization !== null) result = checkBearer(authorization, credentials)
  else if (sentKey !== null || sentSecret !== null)
    result = checkKeyAndSecret(sentKey, sentSecret, credentials)
  else {
    result = refuse(
      'Missing credentials: send X-API-KEY and X-API-SECRET, Authorization: Bearer <API key>, or Authorization: Bearer <secret> for prdm_wsp_ and prdm_cmp_ secrets.',
    )
  }
  if (!result.ok) return result.problem
  const workspace = headers.get('x-paradime-workspace')
  if (
    result.via === 'secret' &&
    credentials.apiSecret !== undefined &&
    needsWorkspace(credentials.apiSecret) &&
    !workspace
  ) {
    return 'X-Paradime-Workspace is required with a prdm_cmp_ secret.'
  }
  if (
    workspace !== null &&
    credentials.workspaceUid !== undefined &&
    workspace !== credentials.workspaceUid
  ) {
    return 'X-Paradime-Workspace does not match the workspace of this API key.'
  }
  return null
}

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-api-secret',
  'cookie',
])

/** Request headers as a plain object with credentials replaced by '[redacted]', safe to log or snapshot. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name) ? '[redacted]' : value
  })
  return out
}
