/**
 * @dinoai/testing/msw in a browser: the mock runs in the page, MSW's service worker intercepts the
 * client's requests to `mock.url` and hands them to the mock's handlers. No server is involved.
 */
import { createDinoAiClient } from '@dinoai/client'
import { createMockDinoAi } from '@dinoai/testing'
import { createMswHandlers } from '@dinoai/testing/msw'
import { setupWorker } from 'msw/browser'
import { publish, show } from './report.js'
import { virtualClock } from './virtual-clock.js'

publish(async (results) => {
  const mock = createMockDinoAi()
  const worker = setupWorker(...createMswHandlers(mock))
  await worker.start({
    quiet: true,
    onUnhandledRequest: 'error',
    serviceWorker: { url: '/mockServiceWorker.js' },
  })
  show(`MSW worker started; intercepting ${mock.url}`)
  try {
    const dinoai = createDinoAiClient({
      endpoint: mock.url,
      apiKey: 'k',
      apiSecret: 'browser-secret',
      clock: virtualClock(),
      requestTimeoutMs: 0,
    })
    const run = await dinoai.triggerRunAndWait({ agent: 'msw-agent', message: 'Hello from the worker' })
    show(`triggerRunAndWait: ${run.status}`)
    results.waitStatus = run.status
    const { agentSessionId } = await dinoai.triggerRun({ message: 'Watch me' })
    const events: string[] = []
    for await (const event of dinoai.watchRun(agentSessionId)) events.push(event.type)
    results.watchEvents = events
    // The mock, in the page, recorded what the worker handed it.
    results.operations = mock.requests.map((r) => r.operationName ?? '')
  } finally {
    worker.stop()
  }
})
