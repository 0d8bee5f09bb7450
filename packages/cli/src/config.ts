import { ENV_VARS, isBearerSecret } from '@dinoai/client'

/** Connection flags: each overrides its environment variable. */
export interface ConnectionFlags {
  endpoint?: string | undefined
  apiKey?: string | undefined
  apiSecret?: string | undefined
  workspace?: string | undefined
}

/** What the CLI connects with. */
export interface ConnectionConfig {
  endpoint: string
  /** Absent only with a `prdm_wsp_`/`prdm_cmp_` secret, which is sent as a bearer token. */
  apiKey?: string
  /** Absent with a key alone, which the client sends as `Authorization: Bearer <key>` (as the GitHub action does). */
  apiSecret?: string
  workspaceUid?: string
}

/** The result of {@link resolveConfig}: a config, or what is missing, plus warnings to print. */
export type ResolvedConfig =
  | { ok: true; config: ConnectionConfig; warnings: string[] }
  | { ok: false; message: string; warnings: string[] }

/**
 * Merges connection flags over the PARADIME_* environment variables. Returns a message naming
 * every missing setting (variable and flag) rather than the first, so one fix is enough.
 */
export function resolveConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: ConnectionFlags,
): ResolvedConfig {
  const warnings: string[] = []
  if (flags.apiSecret !== undefined) {
    warnings.push(
      `warning: --api-secret puts the secret in your shell history and process list; prefer ${ENV_VARS.apiSecret}.`,
    )
  }
  const pick = (flag: string | undefined, name: string) => nonEmpty(flag) ?? nonEmpty(env[name])
  const endpoint = pick(flags.endpoint, ENV_VARS.endpoint)
  const apiKey = pick(flags.apiKey, ENV_VARS.apiKey)
  const apiSecret = pick(flags.apiSecret, ENV_VARS.apiSecret)
  const workspaceUid = pick(flags.workspace, ENV_VARS.workspaceUid)

  // Workspace and company tokens go as `Authorization: Bearer` and need no key; a key alone goes as
  // `Authorization: Bearer <key>`, as the official GitHub action sends it. So one of the two is enough.
  const keyNeeded = !apiSecret || !isBearerSecret(apiSecret)
  const missing: string[] = []
  if (!endpoint) missing.push(`${ENV_VARS.endpoint} (or --endpoint)`)
  if (!apiKey && keyNeeded) missing.push(`${ENV_VARS.apiKey} (or --api-key)`)
  if (!endpoint || (keyNeeded && !apiKey)) {
    return {
      ok: false,
      warnings,
      message: [
        `Missing API credentials: set ${missing.join(', ')}.`,
        `A key alone is sent as a bearer token; with a secret, set ${ENV_VARS.apiSecret} too. ${ENV_VARS.workspaceUid} (or --workspace) is optional. The endpoint and key are shown when you generate an API key in Paradime.`,
        'To try the CLI without an account: dinoai demo, or dinoai mock-server.',
      ].join('\n'),
    }
  }
  return {
    ok: true,
    warnings,
    config: {
      endpoint,
      ...(apiKey ? { apiKey } : {}),
      ...(apiSecret ? { apiSecret } : {}),
      ...(workspaceUid ? { workspaceUid } : {}),
    },
  }
}

/** What must never be printed: the secret, or the key when it is sent alone as the bearer token. */
export function credentialSecrets(config: ConnectionConfig): string[] {
  if (config.apiSecret) return [config.apiSecret]
  return config.apiKey ? [config.apiKey] : []
}

/** A flag or variable's value, trimmed; undefined when it is missing or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}
