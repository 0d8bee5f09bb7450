import type { DinoAiAgentRun } from '@dinoai/operations'
import { newestTs } from './tracker.js'

// Enough sessions to remember the newest message of, for follow-ups, without growing forever.
const REMEMBERED_SESSIONS = 1000

/**
 * The newest message ts the client has seen per session: `sendMessageAndWait` needs it to tell the
 * follow-up's reply from older messages, and saves a read when it already knows it.
 */
export interface TranscriptMemory {
  /** Notes the run's newest message ts and returns the run unchanged. */
  remember<Run extends DinoAiAgentRun>(run: Run): Run
  /** The newest message ts seen for the session, if any. */
  newest(agentSessionId: string): number | undefined
}

/** A memory of the most recently seen sessions (the oldest are forgotten first). */
export function createTranscriptMemory(): TranscriptMemory {
  const newestSeen = new Map<string, number>()
  return {
    remember(run) {
      const ts = newestTs(run)
      if (ts === undefined) return run
      // Deleting first moves the session to the end: the map's order is the order of use.
      newestSeen.delete(run.agentSessionId)
      newestSeen.set(run.agentSessionId, ts)
      if (newestSeen.size > REMEMBERED_SESSIONS) {
        const oldest = newestSeen.keys().next().value
        if (oldest !== undefined) newestSeen.delete(oldest)
      }
      return run
    },
    newest: (agentSessionId) => newestSeen.get(agentSessionId),
  }
}
