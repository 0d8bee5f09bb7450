import {
  type DinoAiAgentRun,
  DinoAiAgentRunDocument,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import { newestTs } from './changes.js'
import { type RunTree, waitForTree } from './children.js'
import { type DinoAiClientOptions, resolveConfig } from './config.js'
import { DinoAiGraphQLError, DinoAiNotAcceptedError, type DinoAiRunFailedError } from './errors.js'
import { createPoller } from './poller.js'
import { createRedactor, type Redactor } from './redact.js'
import { type OperationKind, withRetry } from './retry.js'
import type { AnyDocument } from './transport.js'
import { createTransport } from './transport.js'
import { checkMessage, checkSessionId, type TriggerRunInput, triggerVariables } from './validate.js'
import { type WaitOptions, waitForSettledRun, waitSettings } from './wait.js'
import { type RunEvent, watch } from './watch.js'

/** What triggerRun and sendMessage return once the server accepted the request. */
export interface AcceptedRun {
  agentSessionId: string
  /** The server's acknowledgement, `queued` on accept. Poll with getRun for the live status. */
  status: string
}

/** Per-call options of the request methods. */
export interface RequestOptions {
  /** Cancels the request (and its retries) and rejects with the signal's reason. */
  signal?: AbortSignal
}

/** The DinoAI agents client. Every method validates its input before sending anything. */
export interface DinoAiClient {
  /** Starts an agent run. Needs `agent`, `message`, or both. */
  triggerRun(input: TriggerRunInput, options?: RequestOptions): Promise<AcceptedRun>
  /** Sends a follow-up message to a session. */
  sendMessage(agentSessionId: string, message: string, options?: RequestOptions): Promise<AcceptedRun>
  /** Reads a run's current state (retrying transient failures). */
  getRun(agentSessionId: string, options?: RequestOptions): Promise<DinoAiAgentRun>
  /** Polls until the run settles: resolves on COMPLETED, rejects with DinoAiRunFailedError otherwise. */
  waitForRun(agentSessionId: string, options?: WaitOptions): Promise<DinoAiAgentRun>
  /** waitForRun for the run and all its child sessions, recursively, returning the whole tree. */
  waitForRunTree(agentSessionId: string, options?: WaitOptions): Promise<RunTree>
  /** triggerRun, then waitForRun. */
  triggerRunAndWait(input: TriggerRunInput, options?: WaitOptions): Promise<DinoAiAgentRun>
  /** sendMessage, then waits for the reply to this message (never the previous turn's answer). */
  sendMessageAndWait(agentSessionId: string, message: string, options?: WaitOptions): Promise<DinoAiAgentRun>
  /** Yields status changes and new messages until the run settles. */
  watchRun(agentSessionId: string, options?: WaitOptions): AsyncIterable<RunEvent>
}

// Enough sessions to remember the newest message of, for follow-ups, without growing forever.
const REMEMBERED_SESSIONS = 1000

/**
 * Creates a client. With no options, it reads PARADIME_API_ENDPOINT, PARADIME_API_KEY,
 * PARADIME_API_SECRET and PARADIME_WORKSPACE_UID. Throws DinoAiValidationError for a bad endpoint
 * or missing credentials, before any request.
 */
export function createDinoAiClient(options: DinoAiClientOptions = {}): DinoAiClient {
  const config = resolveConfig(options)
  const transport = createTransport(config)
  const poller = createPoller(transport, config.clock, config.retry, config.maxBatchSize)
  const newestSeen = new Map<string, number>()

  const remember = (run: DinoAiAgentRun): DinoAiAgentRun => {
    const ts = newestTs(run)
    if (ts === undefined) return run
    newestSeen.delete(run.agentSessionId)
    newestSeen.set(run.agentSessionId, ts)
    if (newestSeen.size > REMEMBERED_SESSIONS) {
      const oldest = newestSeen.keys().next().value
      if (oldest !== undefined) newestSeen.delete(oldest)
    }
    return run
  }

  async function request(
    document: AnyDocument,
    variables: Record<string, unknown>,
    kind: OperationKind,
    field: string,
    operationName: string,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const result = await withRetry(
      () => transport.send(document, variables, kind, signal),
      kind,
      config.retry,
      config.clock,
      signal,
    )
    const value = result.data?.[field]
    if (result.errors.length > 0 || value === undefined || value === null) {
      const first = result.errors[0]?.message ?? 'no data'
      throw new DinoAiGraphQLError(`${operationName} failed: ${first}`, {
        errors: result.errors,
        data: result.data,
        status: result.status,
        requestId: result.requestId,
        operationName,
      })
    }
    if (kind === 'mutation') {
      const accepted = value as { ok: boolean; agentSessionId: string; status: string }
      if (!accepted.ok) {
        throw new DinoAiNotAcceptedError(
          `${operationName} was not accepted (status ${JSON.stringify(accepted.status)}${accepted.agentSessionId ? ` for session ${accepted.agentSessionId}` : ''}). Check that the session exists and is still alive (24 h after its last message).`,
          {
            agentSessionId: accepted.agentSessionId,
            serverStatus: accepted.status,
            status: result.status,
            requestId: result.requestId,
            operationName,
          },
        )
      }
    }
    return value
  }

  // The one place errors leave the client: whatever built them (transport, GraphQL answers, the
  // poller, waits), every string they carry is redacted here, on a copy; results are untouched.
  // The three request methods catch in their own body, so the success path pays no extra promise;
  // the waits (dominated by poll delays) and watchRun are wrapped below.
  const redactor = createRedactor(config.secrets)

  const triggerRun: DinoAiClient['triggerRun'] = async (input, requestOptions = {}) => {
    try {
      const variables = triggerVariables(input)
      const { agentSessionId, status } = (await request(
        TriggerDinoAiAgentRunDocument as unknown as AnyDocument,
        variables,
        'mutation',
        'triggerDinoaiAgentRun',
        'TriggerDinoaiAgentRun',
        requestOptions.signal,
      )) as AcceptedRun
      return { agentSessionId, status }
    } catch (error) {
      throw redactor.error(error)
    }
  }

  const sendMessage: DinoAiClient['sendMessage'] = async (agentSessionId, message, requestOptions = {}) => {
    try {
      const variables = { agentSessionId: checkSessionId(agentSessionId), message: checkMessage(message) }
      const accepted = (await request(
        SendDinoAiAgentMessageDocument as unknown as AnyDocument,
        variables,
        'mutation',
        'sendDinoaiAgentMessage',
        'SendDinoaiAgentMessage',
        requestOptions.signal,
      )) as AcceptedRun
      return { agentSessionId: accepted.agentSessionId, status: accepted.status }
    } catch (error) {
      throw redactor.error(error)
    }
  }

  const getRun: DinoAiClient['getRun'] = async (agentSessionId, requestOptions = {}) => {
    try {
      const run = (await request(
        DinoAiAgentRunDocument as unknown as AnyDocument,
        { agentSessionId: checkSessionId(agentSessionId) },
        'query',
        'dinoaiAgentRun',
        'DinoaiAgentRun',
        requestOptions.signal,
      )) as DinoAiAgentRun
      return remember(run)
    } catch (error) {
      throw redactor.error(error)
    }
  }

  const withMemory = (waitOptions: WaitOptions): WaitOptions => ({
    ...waitOptions,
    onUpdate: (run) => {
      remember(run)
      waitOptions.onUpdate?.(run)
    },
  })

  const waitForRunTree: DinoAiClient['waitForRunTree'] = async (agentSessionId, waitOptions = {}) => {
    const id = checkSessionId(agentSessionId)
    const settings = waitSettings(waitOptions, config.clock)
    const tree = await waitForTree(poller, id, withMemory(waitOptions), settings)
    remember(tree.run)
    return tree
  }

  const waitForRun: DinoAiClient['waitForRun'] = async (agentSessionId, waitOptions = {}) => {
    if (waitOptions.includeChildren) return (await waitForRunTree(agentSessionId, waitOptions)).run
    const id = checkSessionId(agentSessionId)
    const settings = waitSettings(waitOptions, config.clock)
    return remember(await waitForSettledRun(poller, id, withMemory(waitOptions), settings))
  }

  const triggerRunAndWait: DinoAiClient['triggerRunAndWait'] = async (input, waitOptions = {}) => {
    waitSettings(waitOptions, config.clock)
    const accepted = await triggerRun(input, waitOptions.signal ? { signal: waitOptions.signal } : {})
    return waitForRun(accepted.agentSessionId, waitOptions)
  }

  const sendMessageAndWait: DinoAiClient['sendMessageAndWait'] = async (
    agentSessionId,
    message,
    waitOptions = {},
  ) => {
    const id = checkSessionId(agentSessionId)
    checkMessage(message)
    // This message is the follow-up, whatever the options say.
    const { followUp: _replaced, ...ownOptions } = waitOptions
    const settings = waitSettings(ownOptions, config.clock)
    const signalOptions = waitOptions.signal ? { signal: waitOptions.signal } : {}
    // The reply must be newer than anything before this message. Without a remembered transcript,
    // one read fixes that baseline (an empty transcript gives 0).
    let baseline = waitOptions.afterTs ?? newestSeen.get(id)
    if (baseline === undefined) baseline = newestTs(await getRun(id, signalOptions)) ?? 0
    await sendMessage(id, message, signalOptions)
    const followUpOptions = withMemory({ ...ownOptions, afterTs: baseline, followUp: message })
    if (waitOptions.includeChildren) return (await waitForTree(poller, id, followUpOptions, settings)).run
    return remember(await waitForSettledRun(poller, id, followUpOptions, settings))
  }

  const watchRun: DinoAiClient['watchRun'] = (agentSessionId, waitOptions = {}) => {
    const id = checkSessionId(agentSessionId)
    const settings = waitSettings(waitOptions, config.clock)
    return watch(poller, id, withMemory(waitOptions), settings)
  }

  const guarded =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method(...args)
      } catch (error) {
        throw redactor.error(error)
      }
    }
  const guardedWatch: DinoAiClient['watchRun'] = (agentSessionId, waitOptions) => {
    try {
      return redactEvents(watchRun(agentSessionId, waitOptions), redactor)
    } catch (error) {
      throw redactor.error(error)
    }
  }

  return {
    triggerRun,
    sendMessage,
    getRun,
    waitForRun: guarded(waitForRun),
    waitForRunTree: guarded(waitForRunTree),
    triggerRunAndWait: guarded(triggerRunAndWait),
    sendMessageAndWait: guarded(sendMessageAndWait),
    watchRun: guardedWatch,
  }
}

/** The events with a failed event's error, and any error thrown, redacted. Runs are the caller's. */
async function* redactEvents(events: AsyncIterable<RunEvent>, redactor: Redactor): AsyncGenerator<RunEvent> {
  try {
    for await (const event of events) {
      yield event.type === 'failed'
        ? { ...event, error: redactor.error(event.error) as DinoAiRunFailedError }
        : event
    }
  } catch (error) {
    throw redactor.error(error)
  }
}
