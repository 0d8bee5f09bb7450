import { getOperationName } from '@urql/core'
import { batchAlias, batchDocument, batchVariables, type RunDocument, responseKey } from './batch.js'
import type { GraphQLErrorEntry } from './errors.js'
import type { Transport } from './transport.js'

/** The answer to a read of several sessions, per session in the order asked. */
export interface ReadAnswer<Run> {
  /** Each read's run; undefined where the server returned none. */
  runs: (Run | undefined)[]
  /** Each read's response key: a GraphQL error about one read names it first in its `path`. */
  keys: string[]
  errors: GraphQLErrorEntry[]
  /** The whole `data`, for errors that carry it. */
  data: unknown
  status: number
  requestId: string | undefined
  operationName: string | undefined
}

/**
 * Reads runs with a run document (`reads` are its variables, one per session): one session with
 * the generated document itself, several with its aliased batch (`s0`, `s1`, ...), in one request.
 */
export async function readRuns<
  Data extends { dinoaiAgentRun: unknown },
  Variables extends { agentSessionId: string },
>(
  transport: Transport,
  document: RunDocument<Data, Variables>,
  reads: readonly Variables[],
  signal: AbortSignal,
): Promise<ReadAnswer<Data['dinoaiAgentRun']>> {
  const [only] = reads
  if (reads.length === 1 && only) {
    const result = await transport.send(document, only, 'query', signal)
    const runs = [result.data?.dinoaiAgentRun]
    return { ...result, runs, keys: [responseKey(document)], operationName: getOperationName(document) }
  }
  const batch = batchDocument(document, reads.length)
  const keys = reads.map((_, i) => batchAlias(i))
  const result = await transport.send(batch, batchVariables(reads), 'query', signal)
  const runs = keys.map((key) => result.data?.[key])
  return { ...result, runs, keys, operationName: getOperationName(batch) }
}
