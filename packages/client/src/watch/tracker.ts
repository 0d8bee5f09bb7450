import { type DinoAiAgentMessage, type DinoAiAgentRun, isTerminalStatus } from '@dinoai/operations'

/** What changed between two snapshots of a run. */
export interface RunChanges {
  /**
   * The new status, when it differs from the last one reported (or is the first one reported).
   * Undefined for a terminal status that does not settle a follow-up (the previous turn's).
   */
  status: string | undefined
  /** Messages never seen before, in transcript order. */
  messages: DinoAiAgentMessage[]
}

/**
 * Follows a run across snapshots: reports status changes and each message once (deduplicated by
 * ts, role and content, so a transcript re-sent whole repeats nothing), and decides when the run
 * is settled. With `afterTs` (a follow-up), messages up to that ts are old news, and a terminal
 * status only counts once the transcript holds a reply (a non-user message) newer than the cutoff,
 * because the server keeps reporting the previous turn's COMPLETED for a while. Such a terminal
 * status, which settles nothing, is not a status change either: the previous turn's answer is not
 * news, and reporting it would announce an end before the follow-up's reply exists.
 */
export interface RunTracker {
  update(run: DinoAiAgentRun): RunChanges
  /** 'completed' or 'failed' once the run has settled, else undefined. */
  settled(run: DinoAiAgentRun): 'completed' | 'failed' | undefined
}

function messageKey(m: DinoAiAgentMessage): string {
  return `${m.ts}\u0000${m.role}\u0000${m.content}`
}

/**
 * Creates a tracker. `followUp` is the follow-up message text: with `afterTs`, the cutoff for the
 * reply becomes that message's own ts once it appears in the transcript.
 */
export function createRunTracker(afterTs?: number, followUp?: string): RunTracker {
  const seen = new Set<string>()
  let lastStatus: string | undefined
  let baseline = afterTs
  let sawActive = false

  const settled = (run: DinoAiAgentRun): 'completed' | 'failed' | undefined => {
    if (!isTerminalStatus(run.status)) return undefined
    if (baseline === undefined) return run.status === 'COMPLETED' ? 'completed' : 'failed'
    const limit = baseline
    const replied = run.messages.some((m) => m.role !== 'user' && m.ts > limit)
    if (run.status === 'COMPLETED') return replied ? 'completed' : undefined
    return replied || sawActive ? 'failed' : undefined
  }

  return {
    update(run) {
      if (baseline !== undefined && followUp !== undefined) {
        for (const m of run.messages) {
          if (m.role === 'user' && m.content === followUp && m.ts > baseline) baseline = m.ts
        }
      }
      if (!isTerminalStatus(run.status)) sawActive = true
      // Not remembered either, so the status that does settle the run is reported when it comes,
      // even if it is the same word (COMPLETED, then COMPLETED with the reply).
      const stale = isTerminalStatus(run.status) && settled(run) === undefined
      const status = !stale && run.status !== lastStatus ? run.status : undefined
      if (!stale) lastStatus = run.status
      const messages: DinoAiAgentMessage[] = []
      for (const m of run.messages) {
        const key = messageKey(m)
        if (seen.has(key)) continue
        seen.add(key)
        if (afterTs !== undefined && m.ts <= afterTs) continue
        messages.push(m)
      }
      return { status, messages }
    },
    settled,
  }
}

/** The newest message ts in a run, or undefined for an empty transcript. */
export function newestTs(run: DinoAiAgentRun): number | undefined {
  let newest: number | undefined
  for (const m of run.messages) if (newest === undefined || m.ts > newest) newest = m.ts
  return newest
}
