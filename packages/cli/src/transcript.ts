import { type DinoAiAgentMessage, type DinoAiAgentRun, isTerminalStatus } from '@dinoai/operations'

/** Something worth showing between two polls of a run: a new status or a new message. */
export type TranscriptEvent =
  | { type: 'status'; agentSessionId: string; status: string }
  | { type: 'message'; agentSessionId: string; message: DinoAiAgentMessage }

/** Turns successive snapshots of a run into the events that happened between them. */
export interface TranscriptTracker {
  update(run: DinoAiAgentRun): TranscriptEvent[]
}

/** Options of {@link createTranscriptTracker}. */
export interface TranscriptTrackerOptions {
  /**
   * Follow only the turn started by this follow-up message. The server keeps reporting the
   * previous turn's COMPLETED for a while after a follow-up, with the old transcript: showing that
   * would print the old answer as if it were the new one.
   */
  followUp?: string
}

/**
 * Tracks a run's transcript by position: messages are only ever appended, so everything past the
 * last seen index is new. Statuses are reported when they change.
 */
export function createTranscriptTracker(options: TranscriptTrackerOptions = {}): TranscriptTracker {
  let seen: number | undefined = options.followUp === undefined ? 0 : undefined
  let lastStatus: string | undefined
  // In a follow-up, a terminal status is stale until the new turn shows signs of life.
  let turnAlive = options.followUp === undefined
  let staleStatus: string | undefined

  return {
    update(run) {
      const events: TranscriptEvent[] = []
      const id = run.agentSessionId
      if (seen === undefined) {
        staleStatus ??= run.status
        const at = lastIndexOf(run.messages, options.followUp ?? '')
        // The follow-up is in the transcript: this turn starts after it. A server that does not echo
        // user messages still works: everything from the first snapshot on is new.
        seen = at >= 0 ? at + 1 : run.messages.length
      }
      const fresh = run.messages
        .slice(seen)
        .filter(
          (m) =>
            !(
              options.followUp !== undefined &&
              m.role === 'user' &&
              m.content.trim() === options.followUp.trim()
            ),
        )
      seen = run.messages.length
      if (!turnAlive) {
        turnAlive =
          !isTerminalStatus(run.status) ||
          run.status !== staleStatus ||
          fresh.some((message) => message.role !== 'user')
      }
      if (turnAlive && run.status !== lastStatus) {
        // Messages first: a snapshot that says COMPLETED carries the reply that completed it.
        if (!isTerminalStatus(run.status))
          events.push({ type: 'status', agentSessionId: id, status: run.status })
      }
      for (const message of fresh) events.push({ type: 'message', agentSessionId: id, message })
      if (turnAlive && run.status !== lastStatus) {
        if (isTerminalStatus(run.status))
          events.push({ type: 'status', agentSessionId: id, status: run.status })
        lastStatus = run.status
      }
      return events
    },
  }
}

function lastIndexOf(messages: readonly DinoAiAgentMessage[], followUp: string): number {
  const wanted = followUp.trim()
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]
    if (message && message.role === 'user' && message.content.trim() === wanted) return i
  }
  return -1
}
