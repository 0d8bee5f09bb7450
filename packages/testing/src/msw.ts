/**
 * @dinoai/testing/msw: the mock as MSW 2 request handlers, for suites that already intercept
 * with msw. A separate entry point, so the main one never imports msw (an optional peer).
 */
import { HttpResponse, http, type RequestHandler } from 'msw'
import type { MockDinoAiControls } from './mock.js'
import { mockInternals } from './mock.js'

/** Options of `createMswHandlers`. */
export interface MswHandlerOptions {
  /** The endpoint to intercept (an msw path: a URL, a pattern with wildcards, or a RegExp). Default: `mock.url`. */
  url?: string | RegExp
}

/**
 * MSW handlers answering every method at `url` from the mock: same state, scripts, faults and
 * recording. A `network` fault becomes `HttpResponse.error()`, which fetch rejects as a TypeError.
 */
export function createMswHandlers(
  mock: MockDinoAiControls,
  options: MswHandlerOptions = {},
): RequestHandler[] {
  const internals = mockInternals(mock)
  // Requests reach the mock through MSW's interception (a service worker, in a browser).
  internals.overSockets()
  const { handle } = internals
  return [
    http.all(options.url ?? mock.url, async ({ request }) => {
      const outcome = await handle({
        method: request.method,
        url: request.url,
        headers: request.headers,
        text: () => request.text(),
        signal: request.signal,
      })
      if (outcome.kind === 'network') return HttpResponse.error()
      return new HttpResponse(outcome.body, { status: outcome.status, headers: outcome.headers })
    }),
  ]
}
