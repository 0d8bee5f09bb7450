import { describe, expect, test } from 'vitest'
import {
  abortableSleep,
  BEARER_SECRET_PREFIXES,
  isBearerSecret,
  needsWorkspace,
  requestBytes,
} from '../src/index.js'

describe('requestBytes', () => {
  test.each([
    ['', 0],
    ['plain ascii', 11],
    ['é', 2],
    ['€', 3],
    ['🦕', 4],
    ['a🦕b€c', 10],
    ['\ud83e', 3],
    ['\udd95x', 4],
  ])('%j is %i bytes, as TextEncoder encodes it', (text, bytes) => {
    expect(requestBytes(text)).toBe(bytes)
    expect(requestBytes(text)).toBe(new TextEncoder().encode(text).length)
  })

  test('agrees with TextEncoder on random text, surrogates included', () => {
    let seed = 7
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed
    }
    for (let round = 0; round < 200; round++) {
      const units = Array.from({ length: next() % 40 }, () => next() % 0x10000)
      const text = String.fromCharCode(...units)
      expect(requestBytes(text)).toBe(new TextEncoder().encode(text).length)
    }
  })
})

test('isBearerSecret: workspace and company tokens only', () => {
  expect(BEARER_SECRET_PREFIXES).toEqual(['prdm_wsp_', 'prdm_cmp_'])
  expect(['prdm_wsp_x', 'prdm_cmp_x', 'prdm_key_x', 'secret', ''].map(isBearerSecret)).toEqual([
    true,
    true,
    false,
    false,
    false,
  ])
  expect(['prdm_cmp_x', 'prdm_wsp_x', 'other'].map(needsWorkspace)).toEqual([true, false, false])
})

describe('abortableSleep', () => {
  test('resolves after its timer; an abort clears the timer and rejects with the reason', async () => {
    await expect(abortableSleep(0)).resolves.toBeUndefined()
    const controller = new AbortController()
    const reason = new Error('stop')
    const sleeping = abortableSleep(60_000, controller.signal)
    controller.abort(reason)
    await expect(sleeping).rejects.toBe(reason)
    const already = new AbortController()
    already.abort(reason)
    await expect(abortableSleep(60_000, already.signal)).rejects.toBe(reason)
  })
})
