import type { DinoAiAgentRun } from '@dinoai/operations'
import type { WatchEvent } from './events.js'
import { type WatchSpec, watch } from './watch.js'

/**
 * What an acceptor makes of one event, as Smithy waiters put it: the wait succeeded (with its
 * value), failed (with its error), or goes on.
 */
export type Verdict<Value> =
  | { readonly state: 'success'; readonly value: Value }
  | { readonly state: 'failure'; readonly error: unknown }
  | { readonly state: 'retry' }

/** Judges each event of a watch. */
export type Acceptor<Value> = (event: WatchEvent) => Verdict<Value>

const RETRY: Verdict<never> = { state: 'retry' }

/** Watches until the acceptor says success or failure; the watch stops there (no read after it). */
export async function waitFor<Value>(spec: WatchSpec, acceptor: Acceptor<Value>): Promise<Value> {
  for await (const event of watch(spec)) {
    const verdict = acceptor(event)
    if (verdict.state === 'success') return verdict.value
    if (verdict.state === 'failure') throw verdict.error
  }
  // A watch ends with `completed` or `failed`, or throws: an acceptor that lets both pass is wrong.
  throw new Error(`the watch of ${spec.sessionId} ended without a verdict`)
}

/** A run settles: COMPLETED succeeds, FAILED, EXPIRED and STOPPED fail with the wait's typed error. */
export const runSettled: Acceptor<DinoAiAgentRun> = (event) => {
  if (event.type === 'completed') return { state: 'success', value: event.run }
  if (event.type === 'failed') return { state: 'failure', error: event.error }
  return RETRY
}

/**
 * Waits until the run settles: resolves on COMPLETED, rejects with DinoAiRunFailedError on FAILED
 * (DinoAiRunExpiredError on EXPIRED, DinoAiRunStoppedError on STOPPED). Unknown statuses keep it polling.
 */
export function waitForSettledRun(spec: WatchSpec): Promise<DinoAiAgentRun> {
  return waitFor(spec, runSettled)
}
