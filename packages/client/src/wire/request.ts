import type { AnyVariables } from '@urql/core'
import type { ResolvedConfig } from '../config/options.js'
import type { GraphQLErrorEntry } from '../errors/errors.js'
import type { OperationSpec } from './documents.js'
import { graphQLFailure, type ResponseFacts } from './response.js'
import { withRetry } from './retry.js'
import type { Transport } from './transport.js'

/** The picked field of an answer, with the GraphQL errors reported beside it (only with `partial`). */
export interface Picked<Field> {
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
) => Promise<Picked<NonNullable<Field>>>

/** The requester of a client: its transport, retry policy and clock. */
export function createRequester(transport: Transport, config: ResolvedConfig): Requester {
  return async (spec, variables, settings = {}) => {
    const { signal } = settings
    const answer = await withRetry(
      () => transport.send(spec.operation, variables, signal),
      spec.operation.kind === 'mutation' ? 'mutation' : 'query',
      config.retry,
      config.clock,
      signal,
    )
    const { data, errors, problems, facts } = answer
    // Data that broke its schema never reaches a caller.
    const [problem] = problems.values()
    if (problem) throw problem
    const value = data === null ? undefined : spec.pick(data)
    if (value === undefined || value === null || (errors.length > 0 && !settings.partial)) {
      throw graphQLFailure(`${facts.operationName}`, errors, data, facts, spec.newer)
    }
    return { value, errors, facts }
  }
}
