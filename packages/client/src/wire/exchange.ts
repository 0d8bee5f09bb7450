import {
  type Exchange,
  getOperationName,
  makeErrorResult,
  type Operation,
  type OperationResult,
  stringifyDocument,
} from '@urql/core'
import { filter, make, merge, pipe, subscribe } from 'wonka'
import { type Answer, type Expectation, noResponseError, readResponse } from './response.js'

/**
 * What the exchange reads from an operation's context besides urql's own `url`, `fetch` and
 * `fetchOptions`: what the answer is expected to be (its shape, the size cap), for the response path.
 */
export interface DinoAiContext {
  expect: Expectation
}

/**
 * What the exchange emits for each operation: the response path's verdict. On success `data` is the
 * Answer (validated data, GraphQL errors, response facts); on failure `error.networkError` is the
 * DinoAiError the answer (or its absence) means. Nothing after the exchange reads the Response.
 */
export type AnswerResult = OperationResult<Answer>

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

/** One POST, its answer through the response path, and the verdict as an urql result. */
async function execute(operation: Operation, signal: AbortSignal): Promise<AnswerResult> {
  const expect: DinoAiContext['expect'] | undefined = operation.context.expect
  if (expect === undefined) {
    return makeErrorResult(
      operation,
      new Error('an operation without context.expect reached the DinoAI exchange'),
    )
  }
  let response: Response
  try {
    response = await (operation.context.fetch ?? fetch)(operation.context.url, fetchInit(operation, signal))
  } catch (error) {
    return makeErrorResult(operation, noResponseError(error, expect))
  }
  try {
    const data = await readResponse(response, expect)
    return { operation, data, stale: false, hasNext: false }
  } catch (error) {
    return makeErrorResult(operation, error instanceof Error ? error : new Error(String(error)))
  }
}

/**
 * A fetch exchange with one job: POST each query and mutation as JSON (never GET, no multipart or
 * event streams), hand the answer to the response path and emit its verdict (AnswerResult). A
 * teardown of an operation still in flight aborts its fetch; a finished one is left alone (urql's
 * own exchange aborts on every teardown, which costs a DOMException per request).
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
