/**
 * Cancelling a job wherever it runs. `worker.cancelJob()` (BullMQ 6) aborts a job only in the
 * process that runs it; BullMQ's Relay carries the request to every worker. The request is a
 * retained message on the job's own topic, so a worker that picks the job up later (after a stall,
 * or a retry) gets it when it subscribes, and the cancellation is never lost.
 */
import type { Relay } from 'bullmq'

/** What a cancel request carries. */
export interface CancelRequest {
  reason: string
}

/** How long a cancel request is kept for workers that pick the job up later: 7 days. */
export const CANCEL_RETAIN_MS = 7 * 24 * 60 * 60 * 1000

/** A relay topic segment allows [A-Za-z0-9_:%-]; anything else is percent-encoded. */
function segment(text: string): string {
  return encodeURIComponent(text).replace(
    /[^A-Za-z0-9_:%-]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** The relay topic a job's cancel request goes to. */
export function cancelTopic(queueName: string, jobId: string): string {
  return `dinoai.${segment(queueName)}.cancel.${segment(jobId)}`
}

/** Cancel requests for one job while a worker holds it; `close` ends the subscription. */
export interface CancelWatch {
  signal: AbortSignal
  close(): Promise<void>
}

/** Subscribes to the job's cancel topic; a retained request aborts the signal at once. */
export async function watchCancel(relay: Relay, queueName: string, jobId: string): Promise<CancelWatch> {
  const controller = new AbortController()
  const subscription = await relay.subscribe<CancelRequest>(cancelTopic(queueName, jobId), (message) => {
    controller.abort(new Error(`Job ${jobId} was cancelled: ${message.data.reason}`))
  })
  return { signal: controller.signal, close: () => subscription.unsubscribe() }
}
