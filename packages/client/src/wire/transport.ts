import type { ResultShape } from '@dinoai/operations'
import { type AnyVariables, Client, makeOperation, type Operation, type OperationResult } from '@urql/core'
import { systemClock } from '../config/clock.js'
import type { ResolvedConfig } from '../config/options.js'
import { type DinoAiContext, fetchExchange } from './exchange.js'
import { documentOf, type Outgoing } from './outgoing.js'
import { type Answer, timeoutError } from './response.js'

/** Sends one operation, once. */
export interface Transport {
  /**
   * One attempt of `document` with `variables`, through urql's pipeline and the response path:
   * resolves with the Answer (data validated against the document's shape, typed by it) or rejects
   * with the DinoAiError the answer means. Aborting `signal` cancels the in-flight fetch and
   * rejects with the signal's reason.
   */
  send<Data, Variables extends AnyVariables>(
    outgoing: Outgoing<Data, Variables>,
    variables: Variables,
    signal?: AbortSignal,
  ): Promise<Answer<Data>>
}

// A given abort reason spares building a DOMException.
const SETTLED = new Error('request settled')

// Queries too go out as urql `mutation` operations: urql's one-shot path (one result, no teardown
// round trip after it). Its query path adds, per request, a watcher for re-executions and a
// teardown dispatched after the result, which serve a cache and deduplication this client does not
// have (network-only, a fresh key per call), at about a tenth of a getRun. The wire is the same (the
// server reads the operation type from the document) and the retry policy gets the real kind from
// the caller's OperationSpec.
const SENT_AS_ONE_SHOT_MUTATION = 'mutation' as const

// The exchange POSTs JSON and parses JSON: no multipart or event-stream answers are wanted.
const JSON_HEADERS = {
  accept: 'application/graphql-response+json, application/json',
  'content-type': 'application/json',
}

/** How one request ends: its verdict, an abort, or the request timeout. Each fires at most once. */
interface Ending<Data> {
  answer(result: OperationResult<Answer<Data>>): void
  abort(): void
  timeout(): void
}

/** What one transport owns: the checked config, the urql client, and the next operation key. */
interface TransportState {
  readonly config: ResolvedConfig
  readonly client: Client
  readonly armTimeout: ArmTimeout
  /** Each operation's context, made on its first request. */
  readonly contexts: WeakMap<object, Operation['context']>
  // One headers object for every request: the exchange spreads fetchOptions, never the headers.
  readonly fetchOptions: RequestInit
  // urql shares in-flight queries that have the same key; every call here gets its own key so
  // that each has its own fetch, its own answer and its own cancellation.
  nextKey: number
}

/** Creates the urql core client (our fetch exchange only: POST, no cache) and the request lifecycle around it. */
export function createTransport(config: ResolvedConfig): Transport {
  const fetchOptions: RequestInit = { headers: { ...JSON_HEADERS, ...config.headers } }
  const client = new Client({
    url: config.endpoint,
    exchanges: [fetchExchange],
    fetch: config.fetch,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions,
  })
  const state: TransportState = {
    config,
    client,
    armTimeout: timeouts(config),
    contexts: new WeakMap(),
    fetchOptions,
    nextKey: 1,
  }
  return { send: (outgoing, variables, signal) => send(state, outgoing, variables, signal) }
}

function send<Data, Variables extends AnyVariables>(
  state: TransportState,
  outgoing: Outgoing<Data, Variables>,
  variables: Variables,
  signal: AbortSignal | undefined,
): Promise<Answer<Data>> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  const operationName = outgoing.name
  const operation = operationOf(state, outgoing, variables)
  return new Promise<Answer<Data>>((resolve, reject) => {
    run(state, operation, signal, {
      // The exchange's verdict: the Answer, or the DinoAiError it built as the networkError.
      answer: (result) => {
        if (result.data) resolve(result.data)
        else reject(result.error?.networkError ?? result.error)
      },
      abort: () => reject(signal?.reason),
      timeout: () => reject(timeoutError(state.config.requestTimeoutMs, operationName)),
    })
  })
}

// The context the Client would build, made directly, once per operation sent: nothing in it
// changes between requests (no exchange writes to it), so requests share it.
function contextOf(
  state: TransportState,
  outgoing: { readonly name: string | undefined; readonly shape: ResultShape },
): Operation['context'] {
  const known = state.contexts.get(outgoing)
  if (known) return known
  const { config, fetchOptions } = state
  const context: Operation['context'] & DinoAiContext = {
    url: config.endpoint,
    fetch: config.fetch,
    fetchOptions,
    requestPolicy: 'network-only',
    expect: {
      endpoint: config.endpoint,
      operationName: outgoing.name,
      maxResponseBytes: config.maxResponseBytes,
      shape: outgoing.shape,
    },
  }
  state.contexts.set(outgoing, context)
  return context
}

function operationOf<Data, Variables extends AnyVariables>(
  state: TransportState,
  outgoing: Outgoing<Data, Variables>,
  variables: Variables,
): Operation<Answer<Data>, Variables> {
  return makeOperation<Answer<Data>, Variables>(
    SENT_AS_ONE_SHOT_MUTATION,
    { key: state.nextKey++, query: documentOf(outgoing), variables },
    contextOf(state, outgoing),
  )
}

/** Executes the operation and calls exactly one of `ending`'s callbacks, cleaning up first. */
function run<Data, Variables extends AnyVariables>(
  state: TransportState,
  operation: Operation<Answer<Data>, Variables>,
  signal: AbortSignal | undefined,
  ending: Ending<Data>,
): void {
  let settled = false
  let disarm = (): void => {}
  let subscription: { unsubscribe(): void } | undefined
  const finish = (): boolean => {
    if (settled) return false
    settled = true
    signal?.removeEventListener('abort', onAbort)
    disarm()
    subscription?.unsubscribe()
    return true
  }
  const onAbort = (): void => {
    if (!finish()) return
    tearDown(state, operation)
    ending.abort()
  }
  subscription = state.client.executeRequestOperation(operation).subscribe((result) => {
    if (finish()) ending.answer(result)
  })
  // The answer may arrive synchronously, before `subscription` was assigned.
  if (settled) {
    subscription.unsubscribe()
    return
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  disarm = state.armTimeout(() => {
    if (!finish()) return
    tearDown(state, operation)
    ending.timeout()
  })
}

// Tearing the operation down is what aborts a fetch still in flight. urql's Client does not
// dispatch it for a one-shot operation when its subscriber leaves: it is sent here.
function tearDown(state: TransportState, operation: Operation): void {
  state.client.reexecuteOperation(makeOperation('teardown', operation))
}

/** Arms a request's timeout; the function it returns disarms it. */
type ArmTimeout = (onTimeout: () => void) => () => void

// The request timeout goes through the clock, so tests with a virtual clock never wait for it.
function timeouts(config: ResolvedConfig): ArmTimeout {
  if (config.requestTimeoutMs <= 0) return () => () => {}
  if (config.clock === systemClock) return systemTimeouts(config.requestTimeoutMs)
  return (onTimeout) => {
    const cancel = new AbortController()
    config.clock.sleep(config.requestTimeoutMs, cancel.signal).then(onTimeout, () => {})
    return () => cancel.abort(SETTLED)
  }
}

/**
 * Timeouts on the real clock with one timer for all of a transport's requests: they share one
 * timeout, so their deadlines come in the order they were armed, and a timer per request (a
 * setTimeout and a clearTimeout each) would cost more than the rest of the request path's
 * bookkeeping. The timer wakes at the oldest deadline still armed, fires what is due, and sets
 * itself for the next; it does not keep a process alive by itself.
 */
function systemTimeouts(timeoutMs: number): ArmTimeout {
  const armed = new Set<{ at: number; fire: () => void }>()
  let timer: ReturnType<typeof setTimeout> | undefined
  const wakeAt = (at: number): void => {
    timer = setTimeout(wake, Math.max(0, at - performance.now()))
    if (typeof timer === 'object' && 'unref' in timer) timer.unref()
  }
  const wake = (): void => {
    timer = undefined
    const now = performance.now()
    for (const entry of armed) {
      if (entry.at > now) {
        wakeAt(entry.at)
        return
      }
      armed.delete(entry)
      entry.fire()
    }
  }
  return (fire) => {
    const entry = { at: performance.now() + timeoutMs, fire }
    armed.add(entry)
    if (timer === undefined) wakeAt(entry.at)
    return () => armed.delete(entry)
  }
}
