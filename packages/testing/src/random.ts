/** A seeded pseudo-random source, so ids and mocked values repeat for a given seed. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** `length` lowercase hex characters. */
  hex(length: number): string
}

/** mulberry32: tiny, fast and good enough for ids that only need to look random and be repeatable. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const hex = (length: number): string => {
    let out = ''
    while (out.length < length)
      out += Math.floor(next() * 0x10000)
        .toString(16)
        .padStart(4, '0')
    return out.slice(0, length)
  }
  return { next, hex }
}
