// A message whose request would be over the API's size limit (MAX_REQUEST_BYTES of
// @dinoai/operations, which the mock enforces with HTTP 413) is refused before any request.
import {
  DinoAiAgentRunDocument,
  MAX_REQUEST_BYTES,
  SendDinoAiAgentMessageDocument,
  StopDinoAiAgentRunDocument,
  TriggerDinoAiAgentRunDocument,
  TriggerDinoAiAgentRunWithModelFamilyDocument,
} from '@dinoai/operations'
import { getOperationName, stringifyDocument } from '@urql/core'
import { describe, expect, test } from 'vitest'
import { DinoAiValidationError } from '../src/index.js'
import { DOCUMENT_ROOM_BYTES } from '../src/verbs/input.js'
import { harness, MODES } from './helpers.js'

// The longest plain-ASCII message that fits: the variables' share of the body, less its JSON quotes.
const LONGEST = MAX_REQUEST_BYTES - DOCUMENT_ROOM_BYTES - 2

test('every document, with its name and a long session id, fits in the room left for it', () => {
  const documents = [
    DinoAiAgentRunDocument,
    SendDinoAiAgentMessageDocument,
    StopDinoAiAgentRunDocument,
    TriggerDinoAiAgentRunDocument,
    TriggerDinoAiAgentRunWithModelFamilyDocument,
  ]
  for (const document of documents) {
    const body = JSON.stringify({
      operationName: getOperationName(document),
      query: stringifyDocument(document),
      variables: { agentSessionId: 'x'.repeat(200), agent: 'a'.repeat(100), message: '' },
    })
    expect(new TextEncoder().encode(body).length).toBeLessThan(DOCUMENT_ROOM_BYTES)
  }
})

describe.each(MODES)('%s mock', (mode) => {
  test('the longest message that fits is sent and accepted; one byte more is refused unsent', async () => {
    const h = await harness(mode)
    try {
      const client = h.client({ retry: false })
      const { agentSessionId } = await client.triggerRun({ message: 'x'.repeat(LONGEST) })
      await client.sendMessage(agentSessionId, 'y'.repeat(LONGEST))
      expect(h.mock.requests.map((r) => r.status)).toEqual([200, 200])

      const refusedTrigger = await client.triggerRun({ message: 'x'.repeat(LONGEST + 1) }).catch((e) => e)
      const refusedSend = await client.sendMessage(agentSessionId, 'y'.repeat(LONGEST + 1)).catch((e) => e)
      for (const error of [refusedTrigger, refusedSend]) {
        expect(error).toBeInstanceOf(DinoAiValidationError)
        expect(error).toMatchObject({ code: 'VALIDATION', field: 'message' })
        expect((error as Error).message).toMatch(/accepts requests of at most 1048576 bytes \(1 MiB\)/)
      }
      expect(h.mock.requests).toHaveLength(2)
      // Measured in bytes: fewer characters than the limit, but 4 bytes each.
      const dinos = await client.sendMessage(agentSessionId, '🦕'.repeat(LONGEST / 3)).catch((e) => e)
      expect(dinos).toBeInstanceOf(DinoAiValidationError)
      expect(h.mock.requests).toHaveLength(2)
    } finally {
      await h.close()
    }
  })
})
