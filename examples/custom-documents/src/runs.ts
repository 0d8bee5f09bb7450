import type { DinoAiClient } from '@dinoai/client'
import { RunStatusDocument, RunTranscriptDocument, StartRunDocument } from './documents.js'
import type { DinoAiAgentRunStatus, RunTranscriptQuery } from './gql/graphql.js'

/** What the app needs of a client: `request`, for its own documents. */
export type AppClient = Pick<DinoAiClient, 'request'>

/** Starts a run with an agent, a message or both, and returns its session id. */
export async function startRun(
  client: AppClient,
  input: { agent?: string; message?: string },
): Promise<string> {
  const data = await client.request(StartRunDocument, input)
  return data.triggerDinoaiAgentRun.agentSessionId
}

/** The run's status, read with the smallest document there is. */
export async function runStatus(client: AppClient, agentSessionId: string): Promise<DinoAiAgentRunStatus> {
  const data = await client.request(RunStatusDocument, { agentSessionId })
  return data.dinoaiAgentRun.status
}

/** The run's transcript as `role: content` lines, oldest first. */
export async function transcriptLines(client: AppClient, agentSessionId: string): Promise<string[]> {
  const data: RunTranscriptQuery = await client.request(RunTranscriptDocument, { agentSessionId })
  return data.dinoaiAgentRun.messages.map((m) => `${m.role}: ${m.content}`)
}
