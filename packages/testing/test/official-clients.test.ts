// The documents the newest official clients send (the Python SDK and the GitHub action), written
// out as literal strings the way a Python client holds them, sent over real HTTP with the
// credentials those clients use. Nothing here comes from @dinoai/operations: if the mock and the
// generated documents drifted together, this test would still catch it.
import { type MockCredentials, startMockDinoAiServer } from '@dinoai/testing'
import { describe, expect, test } from 'vitest'

const TRIGGER_WITH_MODEL_FAMILY = `
mutation TriggerDinoaiAgentRun($agent: String, $message: String, $slack: DinoAiAgentSlackInput, $baseBranch: String, $modelFamily: String) {
  triggerDinoaiAgentRun(agent: $agent, message: $message, slack: $slack, baseBranch: $baseBranch, modelFamily: $modelFamily) {
    ok
    agentSessionId
    status
    warning
  }
}
`

const RUN_WITH_STEPS = `
query DinoaiAgentRun($agentSessionId: String!, $after: Int, $includeToolIo: Boolean, $maxChars: Int) {
  dinoaiAgentRun(agentSessionId: $agentSessionId) {
    ok
    agentSessionId
    status
    messages {
      ts
      role
      content
    }
    childSessionIds
    workspaceUid
    steps(after: $after, includeToolIo: $includeToolIo, maxChars: $maxChars) {
      index
      role
      toolName
      toolInput
      content
      truncated
    }
    startupSteps {
      label
      done
    }
  }
}
`

const STOP = `
mutation StopDinoaiAgentRun($agentSessionId: String!) {
  stopDinoaiAgentRun(agentSessionId: $agentSessionId) {
    ok
    status
  }
}
`

const SEND = `
mutation SendDinoaiAgentMessage($agentSessionId: String!, $message: String!) {
  sendDinoaiAgentMessage(agentSessionId: $agentSessionId, message: $message) {
    ok
    agentSessionId
    status
  }
}
`

/** The credentials `dinoai mock-server` prints: a key, a plain secret and a workspace. */
const KEY_AND_SECRET: MockCredentials = {
  apiKey: 'demo-api-key',
  apiSecret: 'demo-api-secret',
  workspaceUid: 'demo-workspace',
}

const cases: [string, MockCredentials, Record<string, string>][] = [
  [
    'key-only credentials, Authorization: Bearer <key> (GitHub action)',
    { apiKey: 'ci-key' },
    {
      authorization: 'Bearer ci-key',
    },
  ],
  [
    "mock-server's key and secret, Authorization: Bearer <key>",
    KEY_AND_SECRET,
    {
      authorization: 'Bearer demo-api-key',
      'x-paradime-workspace': 'demo-workspace',
    },
  ],
  [
    "mock-server's key and secret, X-API-KEY and X-API-SECRET (Python SDK)",
    KEY_AND_SECRET,
    {
      'x-api-key': 'demo-api-key',
      'x-api-secret': 'demo-api-secret',
      'x-paradime-workspace': 'demo-workspace',
    },
  ],
]

describe.each(cases)('the newest official documents over HTTP: %s', (_name, credentials, auth) => {
  test('trigger with a model family, read steps and the checklist with a cursor, stop, read STOPPED', async () => {
    const server = await startMockDinoAiServer({ credentials })
    // A run that works until it is stopped, as a long agent run does.
    server.script({ agent: 'data-quality-checker' }, [
      { status: 'RUNNING', tool: { name: 'run_sql', input: { sql: 'select 1' }, output: '1' } },
      { neverEnding: true },
    ])
    // As Python's requests.post(url, json={...}, headers=...) sends it.
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'python-requests/2.32.3', ...auth },
        body: JSON.stringify({ query, variables }),
      })
      expect(response.status).toBe(200)
      const body = await response.json()
      expect(body.errors).toBeUndefined()
      return body.data
    }
    try {
      const { triggerDinoaiAgentRun: accepted } = await post(TRIGGER_WITH_MODEL_FAMILY, {
        agent: 'data-quality-checker',
        message: 'Check stg_orders',
        slack: null,
        baseBranch: 'main',
        modelFamily: 'gpt-9000',
      })
      expect(accepted).toMatchObject({ ok: true, status: 'queued' })
      expect(accepted.warning).toMatch(/Unknown model family "gpt-9000"/)
      const agentSessionId = accepted.agentSessionId

      const read = (after: number | null) =>
        post(RUN_WITH_STEPS, { agentSessionId, after, includeToolIo: true, maxChars: 2000 })
      const first = (await read(null)).dinoaiAgentRun
      expect(first.status).toBe('QUEUED')
      expect(first.steps).toEqual([
        {
          index: 0,
          role: 'USER',
          toolName: null,
          toolInput: null,
          content: 'Check stg_orders',
          truncated: false,
        },
      ])
      expect(first.startupSteps.every((s: { done: boolean }) => !s.done)).toBe(true)
      const second = (await read(0)).dinoaiAgentRun
      expect(second.status).toBe('RUNNING')
      expect(second.steps.map((s: { index: number; role: string }) => [s.index, s.role])).toEqual([
        [1, 'TOOL'],
      ])
      expect(second.startupSteps.every((s: { done: boolean }) => s.done)).toBe(true)

      expect((await post(STOP, { agentSessionId })).stopDinoaiAgentRun).toEqual({
        ok: true,
        status: 'STOPPED',
      })
      const stopped = (await read(1)).dinoaiAgentRun
      expect(stopped).toMatchObject({ ok: true, agentSessionId, status: 'STOPPED', steps: [] })
      expect(stopped.messages.map((m: { content: string }) => m.content)).toEqual(['Check stg_orders'])

      // The older follow-up document still works beside the newer ones.
      expect((await post(SEND, { agentSessionId, message: 'Try again' })).sendDinoaiAgentMessage.ok).toBe(
        true,
      )
    } finally {
      await server.close()
    }
  })
})
