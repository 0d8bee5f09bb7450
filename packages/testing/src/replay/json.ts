// Plain-JSON helpers shared by the recorder and the replayer.

/** A JSON value as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Whether a value is a JSON object (not an array, not null). */
export const isJsonObject = (value: unknown): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A copy of a JSON value with `map` applied to every string in it, object keys included. */
export function mapStrings(value: Json, map: (text: string) => string): Json {
  if (typeof value === 'string') return map(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map))
  if (isJsonObject(value)) {
    const out: { [key: string]: Json } = {}
    for (const [key, item] of Object.entries(value)) out[map(key)] = mapStrings(item, map)
    return out
  }
  return value
}

/** Calls `visit` with every string in a JSON value, object keys excluded. */
export function eachString(value: Json, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value)
  else if (Array.isArray(value)) for (const item of value) eachString(item, visit)
  else if (isJsonObject(value)) for (const item of Object.values(value)) eachString(item, visit)
}

/** JSON text with object keys sorted, so that equal values give equal text whatever their key order. */
export function canonicalJson(value: Json | undefined): string {
  if (value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`
  }
  return JSON.stringify(value)
}
