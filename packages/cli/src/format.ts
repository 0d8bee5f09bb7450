/** A short human duration: `0.4s`, `12s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms)
  if (safe < 10_000) return `${(safe / 1000).toFixed(1)}s`
  const s = Math.floor(safe / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}

/**
 * A time limit as the user set it (`--timeout` is in seconds, fractions allowed): `0.3s`, `0.001s`,
 * `45s`; from a minute on, as {@link formatDuration} says it. Never rounded down to `0s`.
 */
export function formatLimit(ms: number): string {
  if (ms >= 60_000) return formatDuration(ms)
  return `${Number((Math.max(0, ms) / 1000).toFixed(3))}s`
}

/** A message timestamp (epoch seconds) as local wall-clock time, `HH:MM:SS`. */
export function formatClock(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000)
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}

/** Quotes a value for a POSIX shell command the user may copy. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}
