import type { MockOutcome, MockRequest } from './handler.js'

/** The WHATWG fetch signature, as the DOM and Node typings declare it. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** The TypeError undici's fetch rejects with when a connection fails, with the same `cause.code`. */
export function networkError(code: 'ECONNREFUSED' | 'ECONNRESET', url: string): TypeError {
  const host = (() => {
    try {
      return new URL(url).host
    } catch {
      return url
    }
  })()
  const cause = Object.assign(
    new Error(code === 'ECONNREFUSED' ? `connect ECONNREFUSED ${host}` : 'socket hang up'),
    { code },
  )
  return new TypeError('fetch failed', { cause })
}

const isRequest = (input: unknown): input is Request =>
  typeof input === 'object' &&
  input !== null &&
  !(input instanceof URL) &&
  'url' in input &&
  'headers' in input

/** A MockRequest from fetch arguments; plain string bodies skip building a Request, which is the costly part. */
export function toMockRequest(input: string | URL | Request, init: RequestInit | undefined): MockRequest {
  const body = init?.body
  if (isRequest(input) || (body !== undefined && body !== null && typeof body !== 'string')) {
    const request = new Request(input, init)
    return {
      method: request.method,
      url: request.url,
      headers: request.headers,
      text: () => request.text(),
      signal: init?.signal ?? (isRequest(input) ? input.signal : undefined),
    }
  }
  return {
    method: (init?.method ?? 'GET').toUpperCase(),
    url: input instanceof URL ? input.href : input,
    headers: new Headers(init?.headers),
    text: async () => body ?? '',
    signal: init?.signal ?? undefined,
  }
}

/** Turns a handler outcome into what fetch resolves or rejects with. */
export function toResponse(outcome: MockOutcome, url: string): Response {
  if (outcome.kind === 'network') throw networkError(outcome.code, url)
  return new Response(outcome.body, { status: outcome.status, headers: outcome.headers })
}

/** A fetch function served by the mock's handler, in-process: no sockets, no globals patched. */
export function createFetch(handle: (request: MockRequest) => Promise<MockOutcome>): FetchFunction {
  return async (input, init) => {
    const request = toMockRequest(input, init)
    // A real fetch with an aborted signal sends nothing, so the mock must not see the request.
    if (request.signal?.aborted) throw request.signal.reason
    // Only a slow fault waits, and its sleep rejects on abort; every other answer is computed in a
    // few microtasks, so checking the signal once afterwards rejects as a real fetch would, without
    // an abort listener per request (costly on Node 20 for callers that always pass a signal).
    const outcome = await handle(request)
    if (request.signal?.aborted) throw request.signal.reason
    return toResponse(outcome, request.url)
  }
}
