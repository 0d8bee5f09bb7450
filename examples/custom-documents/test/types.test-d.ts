// The generated types reach the caller of client.request untouched.
import { createDinoAiClient } from '@dinoai/client'
import { describe, expectTypeOf, test } from 'vitest'
import { RunStatusDocument, RunTranscriptDocument, StartRunDocument } from '../src/documents.js'
import type { DinoAiAgentRunStatus } from '../src/gql/graphql.js'

const client = createDinoAiClient({ endpoint: 'https://dinoai.mock/graphql', apiKey: 'k', apiSecret: 's' })

describe('client.request with the client preset', () => {
  test('the data is the document’s selection, nothing more', () => {
    expectTypeOf(client.request(RunStatusDocument, { agentSessionId: 'x' })).resolves.toEqualTypeOf<{
      dinoaiAgentRun: { status: DinoAiAgentRunStatus }
    }>()
    expectTypeOf(client.request(RunTranscriptDocument, { agentSessionId: 'x' })).resolves.toEqualTypeOf<{
      dinoaiAgentRun: { status: DinoAiAgentRunStatus; messages: Array<{ role: string; content: string }> }
    }>()
  })

  test('the variables are the document’s', () => {
    // Optional variables may be left out; required ones may not.
    expectTypeOf(client.request(StartRunDocument)).resolves.toEqualTypeOf<{
      triggerDinoaiAgentRun: { ok: boolean; agentSessionId: string }
    }>()
    // @ts-expect-error agentSessionId is required
    client.request(RunStatusDocument, {})
    // @ts-expect-error the variables are checked by name and type
    client.request(RunStatusDocument, { agentSessionId: 1 })
  })
})
