import {
  type Exchange,
  getOperationName,
  makeErrorResult,
  makeResult,
  type Operation,
  type OperationResult,
  stringifyDocument,
} from '@urql/core'
import { filter, make, merge, pipe, subscribe } from 'wonka'
import { DEFAULT_MAX_RESPONSE_BYTES, readBody } from './body.js'
import { parseEnvelope } from './envelope.js'

/**
 * What the fetch exchange reads from an operation's context besides urql's own `url`, `fetch` and
 * `fetchOptions`: a callback that receives the Response as soon as its headers arrive, so the
 * caller can classify the request by status and headers (x-request-id, Retry-After).
 */
export interface FetchExchangeContext {
  onResponse?: ((response: Response) => void) | undefined
  /** The largest body read before giving up (default DEFAULT_MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number | undefined
}

// A given reason spares Node building a DOMException (with a stack) on every abort.
const TORN_DOWN = new Error('operation torn down')

const isFetched = (operation: Operation): boolean =>
  operation.kind === 'query' || operation.kind === 'mutation'

// Each document's `"operationName":…,"query":…` JSON, built once: escaping the whole query text is
// most of the cost of serialising a request body, and a document never changes.
const documentJson = new WeakMap<object, string>()

function bodyOf(operation: Operation): string {
  const document = operation.query
  let head = documentJson.get(document)
  if (head === undefined) {
    const name = getOperationName(document)
    head = `{${name === undefined ? '' : `"operationName":${JSON.stringify(name)},`}"query":${JSON.stringify(stringifyDocument(document))}`
    documentJson.set(document, head)
  }
  const variables =
    operation.variables === undefined ? '' : `,"variables":${JSON.stringify(operation.variables)}`
  const extensions =
    operation.extensions === undefined ? '' : `,"extensions":${JSON.stringify(operation.extensions)}`
  return `${head}${variables}${extensions}}`
}

function fetchInit(operation: Operation, signal: AbortSignal): RequestInit {
  const options = operation.context.fetchOptions
  const base = typeof options === 'function' ? options() : options
  return { ...base, method: 'POST', body: bodyOf(operation), signal }
}

async function execute(operation: Operation, signal: AbortSignal): Promise<OperationResult> {
  const context: Operation['context'] & FetchExchangeContext = operation.context
  let response: Response | undefined
  try {
    response = await (context.fetch ?? fetch)(context.url, fetchInit(operation, signal))
    context.onResponse?.(response)
    // A body over the cap, not JSON, or not a GraphQL response (ResponseBodyProblem), or a stream
    // that breaks (ResponseStreamBroke), becomes an error result with the response: classify
    // tells them apart.
    const text = await readBody(response, context.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)
    return makeResult(operation, parseEnvelope(text), response)
  } catch (error) {
    return makeErrorResult(operation, error as Error, response)
  }
}

/**
 * A fetch exchange with one job: POST each query and mutation as JSON (never GET, no multipart or
 * event streams) and emit its result. A teardown of an operation still in flight aborts its fetch;
 * a finished one is left alone (urql's own exchange aborts on every teardown, which costs a
 * DOMException per request). Mutations are torn down like queries when their key's teardown is
 * dispatched, which urql's Client does not do by itself on unsubscribe.
 */
export const fetchExchange: Exchange = ({ forward }) => {
  return (operations$) => {
    // One subscription serves every operation (no per-request wonka sources): it starts fetches
    // and aborts the ones whose teardown arrives while they are still in flight.
    const results$ = make<OperationResult>((observer) => {
      const inFlight = new Map<number, AbortController>()
      const settle = (operation: Operation, controller: AbortController, result: OperationResult): void => {
        // Gone from the map means torn down meanwhile: its result is not wanted any more.
        if (inFlight.get(operation.key) !== controller) return
        inFlight.delete(operation.key)
        observer.next(result)
      }
      const subscription = pipe(
        operations$,
        subscribe((operation) => {
          if (operation.kind === 'teardown') {
            const controller = inFlight.get(operation.key)
            if (controller === undefined) return
            inFlight.delete(operation.key)
            controller.abort(TORN_DOWN)
          } else if (isFetched(operation)) {
            const controller = new AbortController()
            inFlight.set(operation.key, controller)
            execute(operation, controller.signal).then((result) => settle(operation, controller, result))
          }
        }),
      )
      return () => {
        subscription.unsubscribe()
        for (const controller of inFlight.values()) controller.abort(TORN_DOWN)
        inFlight.clear()
      }
    })

    return merge([
      results$,
      forward(
        pipe(
          operations$,
          filter((operation) => !isFetched(operation)),
        ),
      ),
    ])
  }
}
