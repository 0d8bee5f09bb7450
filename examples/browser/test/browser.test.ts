// @dinoai/client bundled with esbuild and run in headless Chromium (Debian's package, installed
// with apt-get on first use) against the mock server over real HTTP from another origin, plus
// @dinoai/testing/msw with MSW's service worker in the same kind of page.
import { type MockDinoAiServer, startMockDinoAiServer } from '@dinoai/testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildPages } from '../src/bundle.js'
import { ensureChromium, launchChromium } from '../src/chromium.js'
import type { PageReport } from '../src/report.js'
import { type StaticServer, serveStatic } from '../src/serve.js'

let browser: Browser | undefined
let site: StaticServer | undefined
const servers: MockDinoAiServer[] = []

beforeAll(async () => {
  // apt-get may take minutes, once per machine; later runs find /usr/bin/chromium at once.
  const [executable, files] = await Promise.all([
    ensureChromium((line) => console.log(`[browser test] ${line}`)),
    buildPages(),
  ])
  site = await serveStatic(files)
  browser = await launchChromium(executable)
}, 15 * 60_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await Promise.all(servers.map((s) => s.close()))
})

/**
 * Opens `path` of the test site in a fresh context (no service worker carried over) and returns
 * its report. A page that publishes none fails at once with what the browser said (console errors,
 * failed requests, the page's log), instead of running into the test's timeout.
 */
async function report(path: string): Promise<PageReport> {
  if (!browser || !site) throw new Error('beforeAll did not finish')
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const said: string[] = []
    page.on('pageerror', (error) => said.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') said.push(`console: ${message.text()}`)
    })
    await page.goto(`${site.origin}${path}`)
    const published = await page
      .waitForFunction(() => window.dinoaiReport !== undefined, undefined, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      )
    if (!published) {
      const log = await page.evaluate(() => document.body.textContent)
      throw new Error(`${path} published no report.\n${said.join('\n')}\n${log}`)
    }
    const result = await page.evaluate(() => window.dinoaiReport)
    if (!result) throw new Error(`${path} published no report`)
    expect(said.filter((line) => line.startsWith('page error'))).toEqual([])
    return result
  } finally {
    await context.close()
  }
}

async function mockServer(cors: boolean): Promise<MockDinoAiServer> {
  if (!site) throw new Error('beforeAll did not finish')
  const server = await startMockDinoAiServer(cors ? { cors: { origins: [site.origin] } } : {})
  servers.push(server)
  server.script({ agent: 'failing-agent' }, [{ status: 'RUNNING' }, { status: 'FAILED' }])
  return server
}

const clientPage = (server: MockDinoAiServer) => `/client.html?endpoint=${encodeURIComponent(server.url)}`

describe('@dinoai/client in headless Chromium', () => {
  test('triggerRunAndWait and watchRun against the mock server over HTTP, across origins', async () => {
    const server = await mockServer(true)
    const { results, error } = await report(clientPage(server))
    expect(error).toBeUndefined()
    expect(results.waitStatus).toBe('COMPLETED')
    expect(results.waitMessages).toEqual([
      'user: Hello from Chromium',
      'agent: browser-agent (mock) finished: Hello from Chromium',
    ])
    expect(results.watchEvents).toEqual([
      'status QUEUED',
      'message user',
      'status RUNNING',
      'status COMPLETED',
      'message agent',
      'completed',
    ])
    expect(results.watchSteps).toEqual([
      'startup 0 done',
      'USER',
      'startup 3 done',
      'TOOL list_files',
      'AGENT',
    ])
    expect(results.failureIsTyped).toBe(true)
    expect(results.failureStatus).toBe('FAILED')
    expect(results.plainRead).toBe('COMPLETED')
    // The requests really crossed HTTP from the page's origin.
    const origins = new Set(server.requests.map((r) => r.headers.origin))
    expect([...origins]).toEqual([site?.origin])
  })

  test('without the CORS option the browser refuses the cross-origin call, and nothing is triggered', async () => {
    const server = await mockServer(false)
    const { error } = await report(clientPage(server))
    expect(error?.code).toBe('NETWORK')
    expect(server.runs).toHaveLength(0)
  })
})

describe('@dinoai/testing/msw in headless Chromium', () => {
  test("MSW's service worker hands the client's requests to the mock running in the page", async () => {
    const { results, error } = await report('/msw.html')
    expect(error).toBeUndefined()
    expect(results.waitStatus).toBe('COMPLETED')
    expect(results.watchEvents).toEqual(['status', 'message', 'status', 'status', 'message', 'completed'])
    expect(results.operations).toContain('TriggerDinoaiAgentRun')
    expect(results.operations).toContain('DinoaiAgentRun')
  })
})
