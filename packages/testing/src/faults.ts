import { MockDinoAiUsageError } from './errors.js'

/**
 * A failure to inject with `failNext`. `afterProcessing` means the operation ran (a run was
 * created, a message recorded) before the failure: the worst case for a client that retries.
 * `steps-error` is partial data: only a request that selects `steps` or `startupSteps` takes it,
 * and gets HTTP 200 with those fields null and an error at each one's path beside the data.
 */
export type Fault =
  | { kind: 'http'; status: 500 | 502 | 503 | 504; afterProcessing?: boolean }
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'network'; afterProcessing?: boolean }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'non-json'; status?: number }
  | { kind: 'graphql-error'; message?: string; code?: string }
  | { kind: 'steps-error'; message?: string; code?: string }

interface PendingFault {
  remaining: number
  fault: Fault
  operationName: string | undefined
}

/** Faults waiting for the requests they will hit, oldest first. */
export interface FaultQueue {
  add(n: number, fault: Fault, operationName?: string): void
  /**
   * The fault the next request with this operation gets, if any (counted as used). A
   * `steps-error` waits for a request that selects steps.
   */
  take(operationName: string | null, selectsSteps: boolean): Fault | undefined
  clear(): void
}

type HttpFaultStatus = Extract<Fault, { kind: 'http' }>['status']

/** The status line text of each status an 'http' fault may have; the check of a fault reads it too. */
export const HTTP_FAULT_TEXT: Readonly<Record<HttpFaultStatus, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

const KINDS = new Set(['http', 'rate-limit', 'network', 'slow', 'non-json', 'graphql-error', 'steps-error'])

function checkFault(fault: Fault): void {
  if (typeof fault !== 'object' || fault === null || !KINDS.has(fault.kind)) {
    throw new MockDinoAiUsageError(
      `failNext: unknown fault ${JSON.stringify(fault)}; use kind 'http', 'rate-limit', 'network', 'slow', 'non-json', 'graphql-error' or 'steps-error'.`,
    )
  }
  if (fault.kind === 'http' && !Object.hasOwn(HTTP_FAULT_TEXT, fault.status)) {
    throw new MockDinoAiUsageError(
      `failNext: an 'http' fault needs status 500, 502, 503 or 504, got ${fault.status}.`,
    )
  }
  if (fault.kind === 'slow' && !(Number.isFinite(fault.delayMs) && fault.delayMs >= 0)) {
    throw new MockDinoAiUsageError(`failNext: a 'slow' fault needs delayMs >= 0, got ${fault.delayMs}.`)
  }
}

export function createFaultQueue(): FaultQueue {
  let pending: PendingFault[] = []
  return {
    add(n, fault, operationName) {
      if (!Number.isInteger(n) || n < 1) {
        throw new MockDinoAiUsageError(`failNext(n, fault): n must be a whole number >= 1, got ${n}.`)
      }
      checkFault(fault)
      pending.push({ remaining: n, fault, operationName })
    },
    take(operationName, selectsSteps) {
      const entry = pending.find(
        (p) =>
          (p.operationName === undefined || p.operationName === operationName) &&
          (p.fault.kind !== 'steps-error' || selectsSteps),
      )
      if (!entry) return undefined
      entry.remaining -= 1
      if (entry.remaining === 0) pending = pending.filter((p) => p !== entry)
      return entry.fault
    },
    clear() {
      pending = []
    },
  }
}
