import { DinoAiValidationError } from '../errors/errors.js'

/** Credentials as the Paradime API key page shows them: a key and a secret, a bearer secret, or a key alone. */
export interface Credentials {
  apiKey?: string | undefined
  apiSecret?: string | undefined
  workspaceUid?: string | undefined
}

const BEARER_PREFIXES = ['prdm_wsp_', 'prdm_cmp_'] as const

/**
 * Whether the secret is a workspace or company token (`prdm_wsp_` / `prdm_cmp_`): sent as
 * `Authorization: Bearer` instead of key and secret headers, so it needs no API key.
 */
export function isBearerSecret(secret: string): boolean {
  return BEARER_PREFIXES.some((prefix) => secret.startsWith(prefix))
}

/**
 * The auth headers the production API expects: `Authorization: Bearer <secret>` for `prdm_wsp_`
 * and `prdm_cmp_` secrets, else `X-API-KEY` + `X-API-SECRET`; with a key and no secret,
 * `Authorization: Bearer <key>` (as the official GitHub action sends it); plus
 * `X-Paradime-Workspace` when a workspace is set (required for `prdm_cmp_` secrets). Throws
 * DinoAiValidationError for credentials that cannot authenticate (none, a secret without its key).
 */
export function authHeaders(credentials: Credentials): Record<string, string> {
  const { apiKey, apiSecret, workspaceUid } = credentials
  const headers: Record<string, string> = {}
  if (apiSecret && isBearerSecret(apiSecret)) {
    if (apiSecret.startsWith('prdm_cmp_') && !workspaceUid) {
      throw new DinoAiValidationError(
        'workspaceUid',
        'A prdm_cmp_ secret needs a workspace: pass workspaceUid or set PARADIME_WORKSPACE_UID.',
      )
    }
    headers.authorization = `Bearer ${apiSecret}`
  } else if (apiSecret) {
    if (!apiKey) {
      throw new DinoAiValidationError(
        'apiKey',
        'Missing API key: pass apiKey or set PARADIME_API_KEY (only prdm_wsp_/prdm_cmp_ secrets work without a key).',
      )
    }
    headers['x-api-key'] = apiKey
    headers['x-api-secret'] = apiSecret
  } else if (apiKey) {
    headers.authorization = `Bearer ${apiKey}`
  } else {
    throw new DinoAiValidationError(
      'apiSecret',
      'Missing API credentials: pass apiKey and apiSecret, or set PARADIME_API_KEY and PARADIME_API_SECRET (and PARADIME_WORKSPACE_UID if your key needs one); a key alone is sent as a Bearer token.',
    )
  }
  if (workspaceUid) headers['x-paradime-workspace'] = workspaceUid
  return headers
}

/** The strings no error may show: the credential that authenticates, and its Bearer header value. */
export function credentialSecrets(credentials: Credentials): string[] {
  const { apiKey, apiSecret } = credentials
  if (apiSecret) return isBearerSecret(apiSecret) ? [apiSecret, `Bearer ${apiSecret}`] : [apiSecret]
  return apiKey ? [apiKey, `Bearer ${apiKey}`] : []
}
