/** The credentials the mock accepts. With them set, every request must authenticate. */
export interface MockCredentials {
  /** Checked against X-API-KEY when set; any non-empty key passes otherwise. */
  apiKey?: string
  apiSecret: string
  /** The workspace the key belongs to: a sent X-Paradime-Workspace must match it. */
  workspaceUid?: string
}

const BEARER_PREFIXES = ['prdm_wsp_', 'prdm_cmp_']

/** Why a request is not authenticated, or null when it is. Messages never contain the sent values. */
export function authFailure(headers: Headers, credentials: MockCredentials): string | null {
  const secret = credentials.apiSecret
  const authorization = headers.get('authorization')
  const sentKey = headers.get('x-api-key')
  const sentSecret = headers.get('x-api-secret')
  let authenticated = false
  if (authorization !== null) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim())
    if (!match) return 'Authorization header must be "Bearer <secret>".'
    if (!BEARER_PREFIXES.some((p) => secret.startsWith(p))) {
      return 'Bearer authentication needs a prdm_wsp_ or prdm_cmp_ secret; send X-API-KEY and X-API-SECRET instead.'
    }
    if (match[1] !== secret) return 'Invalid API secret.'
    authenticated = true
  } else if (sentKey !== null || sentSecret !== null) {
    if (!sentKey || !sentSecret) return 'Send both X-API-KEY and X-API-SECRET.'
    if (credentials.apiKey !== undefined && sentKey !== credentials.apiKey)
      return 'Invalid API key or secret.'
    if (sentSecret !== secret) return 'Invalid API key or secret.'
    authenticated = true
  }
  if (!authenticated) {
    return 'Missing credentials: send X-API-KEY and X-API-SECRET, or Authorization: Bearer <secret> for prdm_wsp_ and prdm_cmp_ secrets.'
  }
  const workspace = headers.get('x-paradime-workspace')
  if (secret.startsWith('prdm_cmp_') && !workspace) {
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
