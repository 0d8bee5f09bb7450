import { schemaSdl } from '@dinoai/operations'
import { createMockDinoAi, editSchemaSdl } from '@dinoai/testing'
import { expect, test } from 'vitest'
import { gql } from './helpers.js'

// A next schema version with an interface and a union on the run: the state defines neither, so the
// mock answers them with schema-based values, each naming one of the possible types.
const nextSdl = editSchemaSdl(schemaSdl, {
  extend: `
    interface DinoAiAgentEvent { ts: Float! }
    extend type DinoAiAgentMessage implements DinoAiAgentEvent
    type DinoAiAgentStatusChange implements DinoAiAgentEvent { ts: Float! status: DinoAiAgentRunStatus! }
    type DinoAiAgentFileChange { path: String! }
    type DinoAiAgentPullRequest { url: String! }
    union DinoAiAgentArtifact = DinoAiAgentFileChange | DinoAiAgentPullRequest
    extend type DinoAiAgentRun { events: [DinoAiAgentEvent!] artifacts: [DinoAiAgentArtifact!]! }
  `,
})

test('interface and union fields the state does not define get mocked values of a possible type', async () => {
  const mock = createMockDinoAi({ schemaSdl: nextSdl })
  const h = { mock, fetch: mock.fetch, close: async () => {} }
  const id = (await gql(h, 'mutation { triggerDinoaiAgentRun(message: "hi") { agentSessionId } }')).body.data
    .triggerDinoaiAgentRun.agentSessionId
  const read = await gql(
    h,
    `query($id: String!) { dinoaiAgentRun(agentSessionId: $id) {
      events { __typename ts ... on DinoAiAgentStatusChange { status } }
      artifacts { __typename ... on DinoAiAgentFileChange { path } ... on DinoAiAgentPullRequest { url } }
    } }`,
    { id },
  )
  expect(read.body.errors).toBeUndefined()
  const { events, artifacts } = read.body.data.dinoaiAgentRun
  expect(events.length).toBeGreaterThan(0)
  for (const event of events) {
    expect(['DinoAiAgentMessage', 'DinoAiAgentStatusChange']).toContain(event.__typename)
    expect(typeof event.ts).toBe('number')
  }
  expect(artifacts.length).toBeGreaterThan(0)
  for (const artifact of artifacts) {
    expect(['DinoAiAgentFileChange', 'DinoAiAgentPullRequest']).toContain(artifact.__typename)
    expect(typeof (artifact.path ?? artifact.url)).toBe('string')
  }
})
