// `dinoai mock-server` answers the documents the newest official clients send (model family,
// steps with a cursor, stop), with the credentials it prints, including the GitHub action's
// key-only `Authorization: Bearer <key>`. The documents are literal strings, as a Python client holds them.
import { expect, test } from 'vitest'
import { collect, startCli, waitForOutput } from './spawn-cli.js'

const TRIGGER = `mutation TriggerDinoaiAgentRun($agent: String, $message: String, $baseBranch: String, $modelFamily: String) {
  triggerDinoaiAgentRun(agent: $agent, message: $message, baseBranch: $baseBranch, modelFamily: $modelFamily) { ok agentSessionId status warning }
}`
const RUN = `query DinoaiAgentRun($agentSessionId: String!, $after: Int, $includeToolIo: Boolean, $maxChars: Int) {
  dinoaiAgentRun(agentSessionId: $agentSessionId) {
    status
    steps(after: $after, includeToolIo: $includeToolIo, maxChars: $maxChars) { index role toolName toolInput content truncated }
    startupSteps { label done }
  }
}`
const STOP = `mutation StopDinoaiAgentRun($agentSessionId: String!) { stopDinoaiAgentRun(agentSessionId: $agentSessionId) { ok status } }`

test('the newest official documents work against mock-server with its printed credentials, Bearer <key> included', async () => {
  const server = startCli(['mock-server', '--port', '0'])
  const serverDone = collect(server)
  try {
    const banner = await waitForOutput(server, /Press Ctrl-C to stop/)
    const env = Object.fromEntries(
      [...banner.matchAll(/export (PARADIME_\w+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string]),
    )
    const url = env.PARADIME_API_ENDPOINT ?? ''
    const asAction = { authorization: `Bearer ${env.PARADIME_API_KEY}` }
    const asSdk = { 'x-api-key': env.PARADIME_API_KEY ?? '', 'x-api-secret': env.PARADIME_API_SECRET ?? '' }
    for (const auth of [asAction, asSdk]) {
      const post = async (query: string, variables: Record<string, unknown>) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify({ query, variables }),
        })
        const body = await response.json()
        expect({ status: response.status, errors: body.errors }).toEqual({ status: 200, errors: undefined })
        return body.data
      }
      const { triggerDinoaiAgentRun: accepted } = await post(TRIGGER, {
        message: 'Summarise the failed dbt jobs',
        baseBranch: null,
        modelFamily: 'claude',
      })
      expect(accepted).toMatchObject({ ok: true, status: 'queued', warning: null })
      const agentSessionId = accepted.agentSessionId
      const first = (await post(RUN, { agentSessionId, after: null, includeToolIo: false, maxChars: 500 }))
        .dinoaiAgentRun
      expect(first.status).toBe('QUEUED')
      expect(first.steps[0]).toMatchObject({ index: 0, role: 'USER' })
      expect(first.startupSteps.length).toBeGreaterThan(0)
      expect((await post(STOP, { agentSessionId })).stopDinoaiAgentRun).toEqual({
        ok: true,
        status: 'STOPPED',
      })
      const next = (await post(RUN, { agentSessionId, after: 0 })).dinoaiAgentRun
      expect(next.status).toBe('STOPPED')
    }
  } finally {
    server.kill('SIGTERM')
    expect((await serverDone).code).toBe(0)
  }
})
