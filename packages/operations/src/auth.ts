/**
 * The prefixes of the secrets the API takes as `Authorization: Bearer <secret>` with no API key:
 * workspace tokens (`prdm_wsp_`) and company tokens (`prdm_cmp_`, which also need
 * `X-Paradime-Workspace`). Any other secret goes with its key as `X-API-KEY` and `X-API-SECRET`.
 */
export const BEARER_SECRET_PREFIXES = ['prdm_wsp_', 'prdm_cmp_'] as const

const COMPANY_PREFIX: (typeof BEARER_SECRET_PREFIXES)[number] = 'prdm_cmp_'

/** Whether a secret is a workspace or company token, sent as a Bearer token and needing no API key. */
export function isBearerSecret(secret: string): boolean {
  return BEARER_SECRET_PREFIXES.some((prefix) => secret.startsWith(prefix))
}

/** Whether a secret is a company token (`prdm_cmp_`), which the API takes only with `X-Paradime-Workspace`. */
export function needsWorkspace(secret: string): boolean {
  return secret.startsWith(COMPANY_PREFIX)
}
