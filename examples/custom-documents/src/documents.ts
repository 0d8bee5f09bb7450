// The app's own documents: each selects only what the app reads. `pnpm codegen` types them (client
// preset), and `client.request` sends them with the client's auth, retries, size cap and errors.
import { graphql } from './gql/index.js'

/** A run's status and nothing else: the smallest read there is. */
export const RunStatusDocument = graphql(`
  query RunStatus($agentSessionId: String!) {
    dinoaiAgentRun(agentSessionId: $agentSessionId) {
      status
    }
  }
`)

/** A run's status and who said what, without timestamps, child sessions or workspace. */
export const RunTranscriptDocument = graphql(`
  query RunTranscript($agentSessionId: String!) {
    dinoaiAgentRun(agentSessionId: $agentSessionId) {
      status
      messages {
        role
        content
      }
    }
  }
`)

/** Starts a run and reads back only its session id. */
export const StartRunDocument = graphql(`
  mutation StartRun($agent: String, $message: String) {
    triggerDinoaiAgentRun(agent: $agent, message: $message) {
      ok
      agentSessionId
    }
  }
`)
