import { type AnyVariables, getOperationName } from '@urql/core'
import type { ResolvedConfig } from './config.js'
import {
  DinoAiBadResponseError,
  DinoAiGraphQLError,
  DinoAiNotAcceptedError,
  type GraphQLErrorEntry,
} from './errors.js'
import type { OperationSpec } from './operations.js'
import { withRetry } from './retry.js'
import type { Transport } from './transport.js'
import { checkAnswer, resultShapeOf } from './validate-response.js'

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
      () => transport.send(spec.document, variables, signal),
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
    // Checked before anything reads it: data that breaks its generated type never reaches a caller.
    if (result.data !== null) {
      const shape = resultShapeOf(spec.document)
      const bad = checkAnswer(result.data, shape, 'data', facts, result.errors, result.data)
      if (bad) throw bad
    }
    const value = result.data === null ? undefined : spec.pick(result.data)
    if (value === undefined || value === null || (result.errors.length > 0 && !settings.partial)) {
      const first = result.errors[0]?.message ?? 'no data'
      const hint = newerApiHint(spec.newer, result.status)
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
 * What to add to the error of a request an older backend refused (HTTP 400 to a document only
 * newer backends know), naming the option that sent that document; empty otherwise.
 */
export function newerApiHint(option: string | undefined, status: number): string {
  if (option === undefined || status !== 400) return ''
  return ` (${option} needs a newer DinoAI API: this one refused the request; leave the option out for older backends)`
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

/**
 * Throws BAD_RESPONSE when an accepted trigger or follow-up names no session (`agentSessionId: ""`):
 * the schema allows any string, but nothing can be polled or followed up with an empty id.
 * `field` is the answer's top-level field, for the JSON path.
 */
export function ensureNamedSession(agentSessionId: string, field: string, facts: ResponseFacts): void {
  if (agentSessionId !== '') return
  throw new DinoAiBadResponseError(
    `${facts.operationName} was accepted but named no session (agentSessionId ""), so the run cannot be polled or followed up. Is the endpoint a DinoAI GraphQL API?`,
    { ...facts, jsonPath: `data.${field}.agentSessionId`, excerpt: '""' },
  )
}
