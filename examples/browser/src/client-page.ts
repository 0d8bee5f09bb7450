/**
 * The browser page that proves @dinoai/client works in a browser: against an HTTP endpoint on
 * another origin (the mock server, with CORS), it triggers a run and waits for it, watches another,
 * sees a failed run rejected with a typed error, and reads a run with the default (real) clock.
 */
import { createDinoAiClient, DinoAiRunFailedError } from '@dinoai/client'
import { publish, show } from './report.js'
import { virtualClock } from './virtual-clock.js'

const params = new URLSearchParams(location.search)
const endpoint = params.get('endpoint') ?? ''
const credentials = {
  apiKey: params.get('key') ?? 'browser-key',
  apiSecret: params.get('secret') ?? 'browser-secret',
}

publish(async (results) => {
  show(`endpoint ${endpoint}`)
  // Default wait options (1 s doubling to 10 s) on a virtual clock; requestTimeoutMs 0 because a
  // virtual clock would time every request out at once.
  const dinoai = createDinoAiClient({ endpoint, ...credentials, clock: virtualClock(), requestTimeoutMs: 0 })

  const run = await dinoai.triggerRunAndWait({ agent: 'browser-agent', message: 'Hello from Chromium' })
  show(`triggerRunAndWait: ${run.status}, ${run.messages.length} messages`)
  results.waitStatus = run.status
  results.waitMessages = run.messages.map((m) => `${m.role}: ${m.content}`)

  const { agentSessionId } = await dinoai.triggerRun({ agent: 'browser-agent', message: 'Watch me' })
  const events: string[] = []
  for await (const event of dinoai.watchRun(agentSessionId)) {
    const line =
      event.type === 'status'
        ? `status ${event.status}`
        : event.type === 'message'
          ? `message ${event.message.role}`
          : event.type
    show(`watchRun: ${line}`)
    events.push(line)
  }
  results.watchEvents = events

  // The same with the run's agent steps and start-up checklist (another document, same origin rules).
  const withSteps = await dinoai.triggerRun({ agent: 'browser-agent', message: 'Show your steps' })
  const steps: string[] = []
  for await (const event of dinoai.watchRun(withSteps.agentSessionId, { steps: true })) {
    if (event.type === 'step')
      steps.push(`${event.step.role}${event.step.toolName ? ` ${event.step.toolName}` : ''}`)
    if (event.type === 'startup')
      steps.push(`startup ${event.startupSteps.filter((s) => s.done).length} done`)
  }
  show(`watchRun with steps: ${steps.join(', ')}`)
  results.watchSteps = steps

  const failure = await dinoai.triggerRunAndWait({ agent: 'failing-agent' }).catch((e: unknown) => e)
  results.failureIsTyped = failure instanceof DinoAiRunFailedError
  results.failureStatus = failure instanceof DinoAiRunFailedError ? failure.run.status : String(failure)
  show(`failing run: ${results.failureStatus}`)

  // The default clock: performance.now, setTimeout and a real request timeout around fetch.
  const plain = createDinoAiClient({ endpoint, ...credentials })
  results.plainRead = (await plain.getRun(agentSessionId)).status
})
