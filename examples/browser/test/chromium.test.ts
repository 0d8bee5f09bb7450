import { afterEach, expect, test, vi } from 'vitest'
import { ChromiumUnavailableError, ensureChromium } from '../src/chromium.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

test('a CHROMIUM_PATH that does not exist fails at once, naming it', async () => {
  vi.stubEnv('CHROMIUM_PATH', '/nonexistent/chromium')
  await expect(ensureChromium()).rejects.toThrow(ChromiumUnavailableError)
  await expect(ensureChromium()).rejects.toThrow(
    'CHROMIUM_PATH is /nonexistent/chromium, which does not exist.',
  )
})

test('CHROMIUM_PATH, when it exists, is used as it is', async () => {
  vi.stubEnv('CHROMIUM_PATH', process.execPath)
  await expect(ensureChromium()).resolves.toBe(process.execPath)
})
