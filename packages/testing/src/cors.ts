import { MockDinoAiUsageError } from './errors.js'

/** CORS for `startMockDinoAiServer`, so a page served from another origin (a browser test) can call it. */
export interface MockCorsOptions {
  /** Origins allowed to call the mock, e.g. `['http://127.0.0.1:5173']`; `'*'` allows any origin. */
  origins: readonly string[]
}

/** The request headers a browser may send: the ones the official clients and @dinoai/client use. */
export const CORS_ALLOWED_HEADERS =
  'accept, authorization, content-type, x-api-key, x-api-secret, x-paradime-workspace'

const PREFLIGHT_MAX_AGE_SECONDS = '600'

/** Decides CORS headers for requests to the mock server. */
export interface CorsPolicy {
  /** Headers to add to a response for this Origin header: none unless the origin is allowed. */
  headers(origin: string | undefined): Record<string, string>
  /** The answer to a preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin, else undefined. */
  preflight(
    method: string,
    origin: string | undefined,
    requestMethod: string | undefined,
  ): Record<string, string> | undefined
}

/** Checks the `cors` option and builds its policy; without the option, no request gets CORS headers. */
export function corsPolicy(options: MockCorsOptions | undefined): CorsPolicy {
  if (options === undefined) return { headers: () => ({}), preflight: () => undefined }
  const { origins } = options
  if (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string' || o === '')) {
    throw new MockDinoAiUsageError(
      `cors.origins must be an array of origins such as ['http://127.0.0.1:5173'] (or ['*']), got ${JSON.stringify(origins)}.`,
    )
  }
  const allowed = (origin: string | undefined): origin is string =>
    origin !== undefined && (origins.includes('*') || origins.includes(origin))
  const headers = (origin: string | undefined): Record<string, string> =>
    allowed(origin)
      ? {
          'access-control-allow-origin': origin,
          // A browser reads these: the request id for error reports, Retry-After for 429s.
          'access-control-expose-headers': 'x-request-id, retry-after',
          vary: 'Origin',
        }
      : {}
  return {
    headers,
    preflight(method, origin, requestMethod) {
      if (method !== 'OPTIONS' || requestMethod === undefined || !allowed(origin)) return undefined
      return {
        ...headers(origin),
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': CORS_ALLOWED_HEADERS,
        'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
      }
    },
  }
}
