import type { GraphQLErrorEntry } from './errors/errors.js'

/**
 * Something the caller should know that did not stop the call. `MODEL_FAMILY`: the trigger was
 * accepted with a change (e.g. an unknown model family replaced by the default; `message` is the
 * server's). `PARTIAL_DATA`: the run was read, but the backend could not read part of it (e.g. the
 * steps, which are then null) and reported `errors` beside the data.
 */
export interface DinoAiWarning {
  code: 'MODEL_FAMILY' | 'PARTIAL_DATA'
  message: string
  agentSessionId: string
  /** The GraphQL errors reported beside the data (PARTIAL_DATA); empty for MODEL_FAMILY. */
  errors: GraphQLErrorEntry[]
}

/** Receives warnings: `RequestOptions.onWarning` and `WaitOptions.onWarning`. */
export type WarningHandler = (warning: DinoAiWarning) => void

/** The trigger's `warning`, as a DinoAiWarning. */
export function modelFamilyWarning(agentSessionId: string, message: string): DinoAiWarning {
  return { code: 'MODEL_FAMILY', message, agentSessionId, errors: [] }
}

/** A run read with errors beside its data: which fields came back null, and why. */
export function partialDataWarning(
  agentSessionId: string,
  errors: readonly GraphQLErrorEntry[],
): DinoAiWarning {
  const fields = errors.map((e) => e.path?.at(-1)).filter((f) => typeof f === 'string')
  const what = fields.length > 0 ? [...new Set(fields)].join(', ') : 'part of the run'
  return {
    code: 'PARTIAL_DATA',
    message: `Agent run ${agentSessionId} was read without ${what}: ${errors[0]?.message ?? 'the backend reported an error'}. The rest of the run is up to date.`,
    agentSessionId,
    errors: [...errors],
  }
}
