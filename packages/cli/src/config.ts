import { checkCredentials, DinoAiValidationError, ENV_VARS } from '@dinoai/client'

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

/** The result of {@link resolveConfig}: a config and what must never be shown, or what is missing; plus warnings. */
export type ResolvedConfig =
  | { ok: true; config: ConnectionConfig; secrets: string[]; warnings: string[] }
  | { ok: false; message: string; warnings: string[] }

// What each credential the client's rules find missing is called on the command line.
const SETTING: Readonly<Record<string, string>> = {
  apiKey: `${ENV_VARS.apiKey} (or --api-key)`,
  // The client names the secret when nothing at all was given: a key is what is needed then.
  apiSecret: `${ENV_VARS.apiKey} (or --api-key)`,
  workspaceUid: `${ENV_VARS.workspaceUid} (or --workspace), which a prdm_cmp_ secret needs`,
}

/**
 * Merges connection flags over the PARADIME_* environment variables and checks the credentials by
 * the client's rules (`checkCredentials`). A failure names every missing setting, variable and
 * flag, rather than the first, so one fix is enough.
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
  const missing: string[] = endpoint ? [] : [`${ENV_VARS.endpoint} (or --endpoint)`]
  let secrets: string[] = []
  try {
    secrets = checkCredentials({ apiKey, apiSecret, workspaceUid }).secrets
  } catch (error) {
    if (!(error instanceof DinoAiValidationError)) throw error
    missing.push(SETTING[error.field] ?? error.message)
  }
  if (!endpoint || missing.length > 0) return { ok: false, warnings, message: missingMessage(missing) }
  const config: ConnectionConfig = {
    endpoint,
    ...(apiKey ? { apiKey } : {}),
    ...(apiSecret ? { apiSecret } : {}),
    ...(workspaceUid ? { workspaceUid } : {}),
  }
  return { ok: true, warnings, secrets, config }
}

function missingMessage(missing: readonly string[]): string {
  return [
    `Missing API credentials: set ${missing.join(', ')}.`,
    `A key alone is sent as a bearer token; with a secret, set ${ENV_VARS.apiSecret} too. ${ENV_VARS.workspaceUid} (or --workspace) is optional but for prdm_cmp_ secrets. The endpoint and key are shown when you generate an API key in Paradime.`,
    'To try the CLI without an account: dinoai demo, or dinoai mock-server.',
  ].join('\n')
}

/** A flag or variable's value, trimmed; undefined when it is missing or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}
