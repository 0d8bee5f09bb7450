import type { TypedOperation } from '@dinoai/operations'
import type { AnyVariables } from '@urql/core'
import type { DinoAiError, GraphQLErrorEntry } from '../errors/errors.js'
import { batchAlias, batchOperation, batchVariables } from '../wire/batch.js'
import type { Outgoing } from '../wire/outgoing.js'
import type { Answer, ResponseFacts } from '../wire/response.js'

/** Sends one operation through the response path (the poller puts its retry loop around it). */
export type Send = <Data, Variables extends AnyVariables>(
  outgoing: Outgoing<Data, Variables>,
  variables: Variables,
) => Promise<Answer<Data>>

/** The answer to a read of several sessions, per session in the order asked. */
export interface ReadAnswer<Run> {
  /** Each read's run; undefined where the server returned none, or one that does not fit the schema. */
  runs: (Run | undefined)[]
  /** Each read's error where its run does not fit the schema (BAD_RESPONSE, or GRAPHQL beside its own errors); other reads still count. */
  problems: (DinoAiError | undefined)[]
  /** Each read's response key: a GraphQL error about one read names it first in its `path`. */
  keys: string[]
  errors: GraphQLErrorEntry[]
  /** The whole `data`, for errors that carry it. */
  data: unknown
  facts: ResponseFacts
}

/**
 * Reads runs with a run operation (`reads` are its variables, one per session): one session with
 * the generated operation itself, several with its aliased batch (`s0`, `s1`, ...), in one
 * request. The response path checked each alias on its own, so one malformed run fails only its
 * own read.
 */
export async function readRuns<
  Data extends { dinoaiAgentRun: unknown },
  Variables extends { agentSessionId: string },
>(
  send: Send,
  operation: TypedOperation<Data, Variables>,
  reads: readonly Variables[],
): Promise<ReadAnswer<Data['dinoaiAgentRun']>> {
  const [only] = reads
  if (reads.length === 1 && only) {
    const answer = await send(operation, only)
    return perRead(answer, ['dinoaiAgentRun'], (data) => data.dinoaiAgentRun)
  }
  const answer = await send(batchOperation(operation, reads.length), batchVariables(reads))
  return perRead(
    answer,
    reads.map((_, i) => batchAlias(i)),
    (data, key) => data[key],
  )
}

function perRead<Data, Run>(
  answer: Answer<Data>,
  keys: string[],
  runOf: (data: Data, key: string) => Run | undefined,
): ReadAnswer<Run> {
  const { data, errors, problems, facts } = answer
  return {
    runs: keys.map((key) => (data === null || problems.has(key) ? undefined : runOf(data, key))),
    problems: keys.map((key) => problems.get(key)),
    keys,
    errors,
    data,
    facts,
  }
}
