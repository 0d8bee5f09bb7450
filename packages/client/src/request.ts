import { type AnyVariables, getOperationName } from '@urql/core'
import type { ResolvedConfig } from './config.js'
import { DinoAiGraphQLError, DinoAiNotAcceptedError, type GraphQLErrorEntry } from './errors.js'
import type { OperationSpec } from './operations.js'
import { withRetry } from './retry.js'
import type { Transport } from './transport.js'

/** The facts of a response that every error about it carries. */
export interface ResponseFacts {
  status: number
  requestId: string | undefined
  operationName: string | undefined
}

/** The picked field of an answer, with the GraphQL errors reported beside it (only with `partial`). */
export interface Answer<Field> {
  value: Field
  errors: GraphQLErrorEntry[]
  facts: ResponseFacts
}

/** Per-call settings of a request. */
export interface RequestSettings {
  signal?: AbortSignal | undefined
  /**
   * Accept an answer that has both the field and GraphQL errors (a nullable part of it nulled);
   * otherwise any GraphQL error throws DinoAiGraphQLError.
   */
  partial?: boolean
}

/** Sends one operation (with retries under the policy for its kind) and returns its picked field. */
export type Requester = <Data, Variables extends AnyVariables, Field>(
  spec: OperationSpec<Data, Variables, Field>,
  variables: Variables,
  settings?: RequestSettings,
) => Promise<Answer<NonNullable<Field>>>

/** The requester of a client: its transport, retry policy and clock. */
export function createRequester(transport: Transport, config: ResolvedConfig): Requester {
  return async (spec, variables, settings = {}) => {
    const { signal } = settings
    const result = await withRetry(
      () => transport.send(spec.document, variables, spec.kind, signal),
      spec.kind,
      config.retry,
      config.clock,
      signal,
    )
    const facts = {
      status: result.status,
      requestId: result.requestId,
      operationName: getOperationName(spec.document),
    }
    const value = result.data === null ? undefined : spec.pick(result.data)
    if (value === undefined || value === null || (result.errors.length > 0 && !settings.partial)) {
      const first = result.errors[0]?.message ?? 'no data'
      // An older backend refuses the newer documents' fields and arguments with HTTP 400.
      const hint =
        spec.newer && result.status === 400
          ? ` (${spec.newer} needs a newer DinoAI API: this one refused the request; leave the option out for older backends)`
          : ''
      throw new DinoAiGraphQLError(`${facts.operationName} failed: ${first}${hint}`, {
        ...facts,
        errors: result.errors,
        data: result.data,
      })
    }
    return { value, errors: result.errors, facts }
  }
}

/**
 * Throws DinoAiNotAcceptedError when a mutation answered `ok: false` (e.g. an unknown or expired
 * session). `agentSessionId` is the session the answer names, or the one the call was about.
 */
export function ensureAccepted(
  answer: { ok: boolean; status: string },
  agentSessionId: string,
  facts: ResponseFacts,
): void {
  if (answer.ok) return
  throw new DinoAiNotAcceptedError(
    `${facts.operationName} was not accepted (status ${JSON.stringify(answer.status)}${agentSessionId ? ` for session ${agentSessionId}` : ''}). Check that the session exists and is still alive (24 h after its last message).`,
    { ...facts, agentSessionId, serverStatus: answer.status },
  )
}
