/**
 * The environment variables the client (and the official Paradime tools) read when an option is
 * not given, keyed by the `createDinoAiClient` option each one stands in for.
 */
export const ENV_VARS = {
  endpoint: 'PARADIME_API_ENDPOINT',
  apiKey: 'PARADIME_API_KEY',
  apiSecret: 'PARADIME_API_SECRET',
  workspaceUid: 'PARADIME_WORKSPACE_UID',
} as const

/** An environment variable's value; an empty one counts as unset. */
export function readEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name]
  return value === '' ? undefined : value
}
