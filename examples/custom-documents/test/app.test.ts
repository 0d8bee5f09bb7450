// The app's own documents against the in-process mock, through client.request: the same client, auth
// and errors as the SDK's own calls, and only the fields each document selects on the wire.
import { createDinoAiClient, DinoAiGraphQLError, DinoAiValidationError } from '@dinoai/client'
import { createMockDinoAi } from '@dinoai/testing'
import { expect, test } from 'vitest'
import { RunStatusDocument, runStatus, startRun, transcriptLines } from '../src/index.js'

const credentials = { apiKey: 'app-key', apiSecret: 'app-secret-value' }

function setUp() {
  const mock = createMockDinoAi({ credentials })
  mock.script({ agent: 'reviewer' }, [
    { status: 'RUNNING' },
    { status: 'COMPLETED', message: { role: 'agent', content: 'Looks good.' } },
  ])
  const client = createDinoAiClient({ endpoint: mock.url, ...credentials, fetch: mock.fetch })
  return { mock, client }
}

test('start, poll the status, read the transcript: each with its own document', async () => {
  const { mock, client } = setUp()
  const id = await startRun(client, { agent: 'reviewer', message: 'Review the PR.' })
  expect(id).toBe(mock.runs[0]?.agentSessionId)
  // The mock moves a run one step along its script per read.
  const statuses = [await runStatus(client, id), await runStatus(client, id), await runStatus(client, id)]
  expect(statuses).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
  expect(await transcriptLines(client, id)).toEqual(['user: Review the PR.', 'agent: Looks good.'])

  expect(mock.requests.map((r) => r.operationName)).toEqual([
    'StartRun',
    'RunStatus',
    'RunStatus',
    'RunStatus',
    'RunTranscript',
  ])
  // What was sent is the app's document, not the SDK's: a status read selects the status alone.
  expect(mock.requests[1]?.query?.replace(/\s+/g, ' ').trim()).toBe(
    'query RunStatus($agentSessionId: String!) { dinoaiAgentRun(agentSessionId: $agentSessionId) { status } }',
  )
})

test("the client's errors reach the app: a GraphQL error, and bad variables before any request", async () => {
  const { mock, client } = setUp()
  await expect(runStatus(client, 'dinoai-agent-000000000000')).rejects.toBeInstanceOf(DinoAiGraphQLError)
  const sent = mock.requests.length
  // @ts-expect-error the variables must be an object
  await expect(client.request(RunStatusDocument, 'nope')).rejects.toBeInstanceOf(DinoAiValidationError)
  expect(mock.requests).toHaveLength(sent)
})
