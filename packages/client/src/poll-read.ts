import { getOperationName } from '@urql/core'
import { batchAlias, batchDocument, batchVariables, type RunDocument, responseKey } from './batch.js'
import type { DinoAiError, GraphQLErrorEntry } from './errors.js'
import type { RawResult, Transport } from './transport.js'
import { checkAnswer, resultShapeOf } from './validate-response.js'

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
    const result = await transport.send(document, only, signal)
    const runOf = () => result.data?.dinoaiAgentRun
    return checkedRuns(document, result, [responseKey(document)], runOf, getOperationName(document))
  }
  const batch = batchDocument(document, reads.length)
  const keys = reads.map((_, i) => batchAlias(i))
  const result = await transport.send(batch, batchVariables(reads), signal)
  const runOf = (key: string) => result.data?.[key]
  return checkedRuns(document, result, keys, runOf, getOperationName(batch))
}

/**
 * Each key's run, checked against the single read's generated shape: a batch answer is the same
 * field under every alias, so one malformed run fails only its own read.
 */
function checkedRuns<Run>(
  document: Parameters<typeof responseKey>[0],
  result: RawResult<unknown>,
  keys: string[],
  runOf: (key: string) => Run | undefined,
  operationName: string | undefined,
): ReadAnswer<Run> {
  const shape = resultShapeOf(document).fields[responseKey(document)]
  const facts = { status: result.status, requestId: result.requestId, operationName }
  const runs: (Run | undefined)[] = []
  const problems: (DinoAiError | undefined)[] = []
  for (const key of keys) {
    const run = runOf(key)
    const own = result.errors.filter((e) => e.path?.[0] === key)
    // No data at all is the GraphQL errors' business; data without this key is malformed.
    const problem =
      shape === undefined || result.data === null
        ? undefined
        : checkAnswer(run, shape, `data.${key}`, facts, own, result.data)
    runs.push(problem ? undefined : run)
    problems.push(problem)
  }
  return { ...result, runs, problems, keys, operationName }
}
