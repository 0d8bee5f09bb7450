import type { DinoAiAgentRun } from '@dinoai/operations'

/** A stable, machine-readable name for each kind of failure. */
export type DinoAiErrorCode =
  | 'VALIDATION'
  | 'AUTHENTICATION'
  | 'RATE_LIMITED'
  | 'NETWORK'
  | 'SERVER'
  | 'BAD_RESPONSE'
  | 'GRAPHQL'
  | 'NOT_ACCEPTED'
  | 'RUN_FAILED'
  | 'RUN_STOPPED'
  | 'RUN_EXPIRED'
  | 'WAIT_TIMEOUT'

/** What every error may know about the request that failed. */
export interface DinoAiErrorDetails {
  /** HTTP status, when a response arrived. */
  status?: number | undefined
  /** The response's `x-request-id` header, for support tickets. */
  requestId?: string | undefined
  /** The GraphQL operation, e.g. `TriggerDinoaiAgentRun`. */
  operationName?: string | undefined
  cause?: unknown
}

/** One entry of a GraphQL `errors` array, as the server sent it but with any secret `[redacted]`. */
export interface GraphQLErrorEntry {
  message: string
  path?: readonly (string | number)[]
  extensions?: Record<string, unknown>
}

/**
 * The base class of every error this package throws. `code` is stable across versions; `toJSON()`
 * gives a plain object for logs. No error the client throws holds the API secret or the bearer
 * token: every string it carries, down to its data and runs, has them replaced by `[redacted]`.
 */
export class DinoAiError extends Error {
  // A literal, not the constructor's name, which minifiers rename (each subclass sets its own). A
  // getter lives on the prototype, so `name` is no own enumerable property of an error: it stays out
  // of spreads, Object.keys and deep-equality checks.
  override get name(): string {
    return 'DinoAiError'
  }
  readonly code: DinoAiErrorCode
  readonly status: number | undefined
  readonly requestId: string | undefined
  readonly operationName: string | undefined

  constructor(code: DinoAiErrorCode, message: string, details: DinoAiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.code = code
    this.status = details.status
    this.requestId = details.requestId
    this.operationName = details.operationName
  }

  /** A plain, loggable view: name, code, message and the request facts (never the cause object). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message }
    if (this.status !== undefined) json.status = this.status
    if (this.requestId !== undefined) json.requestId = this.requestId
    if (this.operationName !== undefined) json.operationName = this.operationName
    return json
  }
}

/** Bad input or configuration, found before any request was sent. `field` names the culprit. */
export class DinoAiValidationError extends DinoAiError {
  override get name(): string {
    return 'DinoAiValidationError'
  }
  readonly field: string
  constructor(field: string, message: string) {
    super('VALIDATION', message)
    this.field = field
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field }
  }
}

/** HTTP 401 or 403: the key or secret is wrong, revoked, or lacks access to the DinoAI Agents API. */
export class DinoAiAuthenticationError extends DinoAiError {
  override get name(): string {
    return 'DinoAiAuthenticationError'
  }
  constructor(message: string, details: DinoAiErrorDetails) {
    super('AUTHENTICATION', message, details)
  }
}

/** HTTP 429. `retryAfterMs` is the server's Retry-After, when it sent one. */
export class DinoAiRateLimitError extends DinoAiError {
  override get name(): string {
    return 'DinoAiRateLimitError'
  }
  readonly retryAfterMs: number | undefined
  constructor(message: string, details: DinoAiErrorDetails & { retryAfterMs?: number | undefined }) {
    super('RATE_LIMITED', message, details)
    this.retryAfterMs = details.retryAfterMs
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs }
  }
}

/**
 * No response arrived. `notSent` is true only when the connection provably never opened
 * (refused, unknown host), so the server cannot have processed the request; `timedOut` marks
 * the client's request timeout.
 */
export class DinoAiNetworkError extends DinoAiError {
  override get name(): string {
    return 'DinoAiNetworkError'
  }
  readonly notSent: boolean
  readonly timedOut: boolean
  /** The system error code under the fetch failure, e.g. `ECONNREFUSED`, `ECONNRESET`. */
  readonly causeCode: string | undefined
  constructor(
    message: string,
    details: DinoAiErrorDetails & { notSent: boolean; timedOut?: boolean; causeCode?: string | undefined },
  ) {
    super('NETWORK', message, details)
    this.notSent = details.notSent
    this.timedOut = details.timedOut ?? false
    this.causeCode = details.causeCode
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), notSent: this.notSent, timedOut: this.timedOut, causeCode: this.causeCode }
  }
}

/** HTTP 5xx. 502, 503 and 504 are retried for reads; nothing 5xx is retried for mutations. */
export class DinoAiServerError extends DinoAiError {
  override get name(): string {
    return 'DinoAiServerError'
  }
  constructor(message: string, details: DinoAiErrorDetails & { status: number }) {
    super('SERVER', message, details)
  }
}

/**
 * An answer the client cannot trust: not a GraphQL response (an HTML page from a proxy, a body
 * over maxResponseBytes, a malformed `errors` array), or data that does not match the schema.
 * `jsonPath` points at the first culprit (e.g. `data.dinoaiAgentRun.messages[0].ts`) and
 * `excerpt` is a short cut of what was there, with secrets redacted. Never retried.
 */
export class DinoAiBadResponseError extends DinoAiError {
  override get name(): string {
    return 'DinoAiBadResponseError'
  }
  readonly jsonPath: string | undefined
  readonly excerpt: string | undefined
  constructor(
    message: string,
    details: DinoAiErrorDetails & { jsonPath?: string | undefined; excerpt?: string | undefined },
  ) {
    super('BAD_RESPONSE', message, details)
    this.jsonPath = details.jsonPath
    this.excerpt = details.excerpt
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), jsonPath: this.jsonPath, excerpt: this.excerpt }
  }
}

/** The server answered with a GraphQL `errors` array. `data` holds any partial data. */
export class DinoAiGraphQLError extends DinoAiError {
  override get name(): string {
    return 'DinoAiGraphQLError'
  }
  readonly errors: readonly GraphQLErrorEntry[]
  readonly data: unknown
  constructor(
    message: string,
    details: DinoAiErrorDetails & { errors: readonly GraphQLErrorEntry[]; data?: unknown },
  ) {
    super('GRAPHQL', message, details)
    this.errors = details.errors
    this.data = details.data ?? null
  }
  /** The first error's `extensions.code`, e.g. `NOT_FOUND`, `BAD_USER_INPUT`. */
  get graphqlCode(): string | undefined {
    const code = this.errors[0]?.extensions?.code
    return typeof code === 'string' ? code : undefined
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors, data: this.data }
  }
}

/** A trigger or follow-up answered `ok: false` (e.g. an unknown or expired session). */
export class DinoAiNotAcceptedError extends DinoAiError {
  override get name(): string {
    return 'DinoAiNotAcceptedError'
  }
  readonly agentSessionId: string
  /** The status string the server returned, e.g. `not_found`. */
  readonly serverStatus: string
  constructor(
    message: string,
    details: DinoAiErrorDetails & { agentSessionId: string; serverStatus: string },
  ) {
    super('NOT_ACCEPTED', message, details)
    this.agentSessionId = details.agentSessionId
    this.serverStatus = details.serverStatus
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), agentSessionId: this.agentSessionId, serverStatus: this.serverStatus }
  }
}

/** The codes of a run that ended without completing: FAILED, STOPPED, EXPIRED. */
export type RunFailureCode = 'RUN_FAILED' | 'RUN_STOPPED' | 'RUN_EXPIRED'

/**
 * A waited-for run ended FAILED, EXPIRED or STOPPED. `run` is its final state. STOPPED and EXPIRED
 * throw the subclasses DinoAiRunStoppedError and DinoAiRunExpiredError, so `instanceof
 * DinoAiRunFailedError` catches all three and `code` tells them apart.
 */
export class DinoAiRunFailedError extends DinoAiError {
  override get name(): string {
    return 'DinoAiRunFailedError'
  }
  /** RUN_FAILED, RUN_STOPPED or RUN_EXPIRED. */
  declare readonly code: RunFailureCode
  readonly run: DinoAiAgentRun
  /** `code` is for the subclasses; a plain FAILED run is `RUN_FAILED`. */
  constructor(
    run: DinoAiAgentRun,
    code: RunFailureCode = 'RUN_FAILED',
    message = `Agent run ${run.agentSessionId} ended with status ${run.status}.`,
  ) {
    super(code, message)
    this.run = run
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), run: this.run }
  }
}

/** A waited-for run was stopped (status STOPPED), e.g. by `stopRun`. Code `RUN_STOPPED`. */
export class DinoAiRunStoppedError extends DinoAiRunFailedError {
  override get name(): string {
    return 'DinoAiRunStoppedError'
  }
  constructor(run: DinoAiAgentRun) {
    super(
      run,
      'RUN_STOPPED',
      `Agent run ${run.agentSessionId} was stopped (status STOPPED) before it finished.`,
    )
  }
}

/** A waited-for run expired (status EXPIRED): its agent pod never started. Code `RUN_EXPIRED`. */
export class DinoAiRunExpiredError extends DinoAiRunFailedError {
  override get name(): string {
    return 'DinoAiRunExpiredError'
  }
  constructor(run: DinoAiAgentRun) {
    super(
      run,
      'RUN_EXPIRED',
      `Agent run ${run.agentSessionId} expired (status EXPIRED): its agent pod never started. Trigger it again.`,
    )
  }
}

/** The error a wait throws for a run that settled without completing, by its status. */
export function runFailedError(run: DinoAiAgentRun): DinoAiRunFailedError {
  if (run.status === 'STOPPED') return new DinoAiRunStoppedError(run)
  if (run.status === 'EXPIRED') return new DinoAiRunExpiredError(run)
  return new DinoAiRunFailedError(run)
}

/** A wait reached its timeout. `lastRun` is the newest state seen, if any read succeeded. */
export class DinoAiWaitTimeoutError extends DinoAiError {
  override get name(): string {
    return 'DinoAiWaitTimeoutError'
  }
  readonly agentSessionId: string
  readonly timeoutMs: number
  readonly lastRun: DinoAiAgentRun | undefined
  constructor(agentSessionId: string, timeoutMs: number, lastRun: DinoAiAgentRun | undefined) {
    const last = lastRun ? `; last status ${lastRun.status}` : '; no successful read'
    super(
      'WAIT_TIMEOUT',
      `Gave up waiting for agent run ${agentSessionId} after ${timeoutMs} ms${last}. Raise waitOptions.timeoutMs to wait longer.`,
    )
    this.agentSessionId = agentSessionId
    this.timeoutMs = timeoutMs
    this.lastRun = lastRun
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      agentSessionId: this.agentSessionId,
      timeoutMs: this.timeoutMs,
      lastRun: this.lastRun,
    }
  }
}
