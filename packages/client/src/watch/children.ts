import type { DinoAiAgentRun } from '@dinoai/operations'
import type { Clock } from '../config/clock.js'
import type { Poller } from '../poll/poller.js'
import { waitForSettledRun } from './acceptors.js'
import type { WaitOptions, WaitSettings } from './options.js'

/** A settled run and the settled trees of its child sessions, in `childSessionIds` order. */
export interface RunTree {
  run: DinoAiAgentRun
  children: RunTree[]
}

/**
 * Waits for a run and every child session it spawns, recursively, all under one deadline and one
 * shared poller (children are polled as soon as they appear, in the same batches as the parent).
 * Rejects with the first failure (e.g. a child's DinoAiRunFailedError) and stops the other waits.
 */
export async function waitForTree(
  { poller, clock }: { poller: Poller; clock: Clock },
  sessionId: string,
  options: WaitOptions,
  settings: WaitSettings,
): Promise<RunTree> {
  // One deadline for the whole tree, however late a child appears.
  const deadline = settings.deadline ?? clock.now() + settings.timeoutMs
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const started = new Map<string, Promise<RunTree>>()

  // afterTs and followUp describe the root's follow-up turn; children are sessions of their own.
  const { afterTs: _rootOnly, followUp: _rootFollowUp, ...childOptions } = options
  const waitOne = (id: string, isRoot: boolean): Promise<RunTree> => {
    const existing = started.get(id)
    if (existing) return existing
    const startChildren = (run: DinoAiAgentRun): void => {
      for (const child of run.childSessionIds) if (!started.has(child)) trackFailure(waitOne(child, false))
    }
    const promise = waitForSettledRun({
      poller,
      clock,
      sessionId: id,
      options: {
        ...(isRoot ? options : childOptions),
        signal,
        onUpdate: (run) => {
          startChildren(run)
          if (isRoot) options.onUpdate?.(run)
        },
      },
      settings: { ...settings, deadline, signal },
    }).then(async (run) => {
      startChildren(run)
      const children = await Promise.all(run.childSessionIds.map((child) => waitOne(child, false)))
      return { run, children }
    })
    started.set(id, promise)
    return promise
  }

  let firstError: { error: unknown } | undefined
  const trackFailure = (promise: Promise<unknown>): void => {
    promise.catch((error: unknown) => {
      if (!firstError) firstError = { error }
      stop.abort(error)
    })
  }
  try {
    const root = waitOne(sessionId, true)
    trackFailure(root)
    return await root
  } catch (error) {
    throw firstError ? firstError.error : error
  } finally {
    if (!stop.signal.aborted) stop.abort(new Error('run tree settled'))
  }
}
