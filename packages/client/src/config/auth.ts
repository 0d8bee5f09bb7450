import { isBearerSecret, needsWorkspace } from '@dinoai/operations'
import { DinoAiValidationError } from '../errors/errors.js'

/** Credentials as the Paradime API key page shows them: a key and a secret, a bearer secret, or a key alone. */
export interface Credentials {
  apiKey?: string | undefined
  apiSecret?: string | undefined
  workspaceUid?: string | undefined
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
    if (needsWorkspace(apiSecret) && !workspaceUid) {
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

/** Credentials checked by the client's rules: what a client would send, and what it must never show. */
export interface CheckedCredentials {
  /** The auth headers: `authorization`, or `x-api-key` and `x-api-secret`; `x-paradime-workspace` when set. */
  headers: Record<string, string>
  /** The credential that authenticates and its Bearer header value: mask them in anything you print. */
  secrets: string[]
}

/**
 * Checks credentials by the rules `createDinoAiClient` applies, without building a client or reading
 * the environment: a key and a secret, a `prdm_wsp_`/`prdm_cmp_` secret (a `prdm_cmp_` one with a
 * workspace), or a key alone. Throws DinoAiValidationError whose `field` names what is missing.
 */
export function checkCredentials(credentials: Credentials): CheckedCredentials {
  return { headers: authHeaders(credentials), secrets: credentialSecrets(credentials) }
}
