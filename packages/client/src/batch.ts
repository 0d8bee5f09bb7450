import {
  type DinoAiAgentRun,
  DinoAiAgentRunDocument,
  DinoAiAgentRunFieldsFragmentDoc,
} from '@dinoai/operations'
import type { AnyDocument } from './transport.js'

const fragment = DinoAiAgentRunFieldsFragmentDoc.definitions[0]
if (fragment?.kind !== 'FragmentDefinition')
  throw new Error('DinoAiAgentRunFieldsFragmentDoc has no fragment')
const fragmentName = fragment.name.value

const cache = new Map<number, AnyDocument>()

/** The alias of the i-th read in a batch document. */
export function batchAlias(index: number): string {
  return `s${index}`
}

/**
 * A query reading `size` runs at once: `s0: dinoaiAgentRun(agentSessionId: $s0) { ...DinoAiAgentRunFields }`
 * and so on, built from the generated fragment so the selection never drifts from codegen.
 * One read uses the generated `DinoaiAgentRun` document itself.
 */
export function batchDocument(size: number): AnyDocument {
  if (size === 1) return DinoAiAgentRunDocument as unknown as AnyDocument
  const cached = cache.get(size)
  if (cached) return cached
  const name = (value: string) => ({ kind: 'Name', value }) as const
  const indexes = Array.from({ length: size }, (_, i) => i)
  const document = {
    kind: 'Document',
    definitions: [
      {
        kind: 'OperationDefinition',
        operation: 'query',
        name: name('DinoaiAgentRunBatch'),
        variableDefinitions: indexes.map((i) => ({
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: name(batchAlias(i)) },
          type: { kind: 'NonNullType', type: { kind: 'NamedType', name: name('String') } },
        })),
        selectionSet: {
          kind: 'SelectionSet',
          selections: indexes.map((i) => ({
            kind: 'Field',
            alias: name(batchAlias(i)),
            name: name('dinoaiAgentRun'),
            arguments: [
              {
                kind: 'Argument',
                name: name('agentSessionId'),
                value: { kind: 'Variable', name: name(batchAlias(i)) },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'FragmentSpread', name: name(fragmentName) }],
            },
          })),
        },
      },
      ...DinoAiAgentRunFieldsFragmentDoc.definitions,
    ],
  } as unknown as AnyDocument
  cache.set(size, document)
  return document
}

/** The variables of a batch document for these session ids, in order. */
export function batchVariables(sessionIds: readonly string[]): Record<string, string> {
  if (sessionIds.length === 1) return { agentSessionId: sessionIds[0] as string }
  const variables: Record<string, string> = {}
  sessionIds.forEach((id, i) => {
    variables[batchAlias(i)] = id
  })
  return variables
}

/** The response key (alias or field name) of the i-th read. */
export function batchKey(index: number, size: number): string {
  return size === 1 ? 'dinoaiAgentRun' : batchAlias(index)
}

/** The run under a read's response key (see `batchKey`), if the server returned it. */
export function batchRun(data: Record<string, unknown> | null, key: string): DinoAiAgentRun | undefined {
  const value = data?.[key]
  return value === null || value === undefined ? undefined : (value as DinoAiAgentRun)
}
