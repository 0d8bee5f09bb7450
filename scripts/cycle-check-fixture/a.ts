// A known cycle for scripts/check-cycles.mjs to find, so the check proves on every run that it still
// sees cycles, type-only imports included (b.ts imports a value from here, this imports a type back).
import type { Named } from './b.js'

/** A name, shouted. */
export const shout = (named: Named): string => named.name.toUpperCase()
