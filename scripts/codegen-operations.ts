// Codegen plugin: emits, for every operation of the documents, its smallest typed form (a
// `TypedOperation`): its name, its kind, its text exactly as it goes on the wire (the operation and
// the fragments it spreads, printed as urql prints the generated document), and the shape of its
// `data`, computed by @dinoai/operations' own `resultShapeOf` from the schema. @dinoai/client sends
// these instead of the documents' syntax trees, so browser bundles carry neither the trees nor the
// shape builder. It is TypeScript, loaded through codegen.ts (which codegen runs with jiti), so
// that the shapes come from the one builder the client uses at run time for apps' documents.
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionSetNode,
} from 'graphql'
import { resultShapeOf } from '../packages/operations/src/shapes/result-shape.js'
import { schemaIndexOf } from '../packages/operations/src/shapes/schema-index.js'
import type { SchemaIndex } from '../packages/operations/src/shapes/types.js'

const SUFFIX = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const

/** The fragments an operation spreads, directly or through other fragments, in order of first use. */
function fragmentsOf(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const used: FragmentDefinitionNode[] = []
  const seen = new Set<string>()
  const walk = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)
        if (!fragment) throw new Error(`operations: unknown fragment ${selection.name.value}`)
        if (seen.has(fragment.name.value)) continue
        seen.add(fragment.name.value)
        used.push(fragment)
        walk(fragment.selectionSet)
      } else {
        walk(selection.selectionSet)
      }
    }
  }
  walk(operation.selectionSet)
  return used
}

function operationExport(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  index: SchemaIndex,
  name: (n: string) => string,
): string {
  const operationName = operation.name?.value
  if (!operationName) throw new Error('operations: every operation needs a name')
  const definitions: DefinitionNode[] = [operation, ...fragmentsOf(operation, fragments)]
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions }
  const base = name(operationName)
  const types = `Generated.${base}${SUFFIX[operation.operation]}`
  const record = {
    name: operationName,
    kind: operation.operation,
    text: definitions.map((d) => print(d)).join('\n'),
    shape: resultShapeOf(document, index),
  }
  return [
    `/** \`${operationName}\` in its smallest typed form: its text as sent, its kind and the shape of its data. */`,
    `export const ${base}Operation: TypedOperation<${types}, ${types}Variables> = ${JSON.stringify(record, null, 2)}`,
  ].join('\n')
}

export const operationsPlugin = {
  plugin(
    schema: GraphQLSchema,
    documents: readonly { document?: DocumentNode }[],
    config: { namingConvention?: (name: string) => string },
  ): string {
    const name = config.namingConvention ?? ((n: string) => n)
    const definitions = documents.flatMap((d) => d.document?.definitions ?? [])
    const fragments = new Map(
      definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    )
    const index = schemaIndexOf(schema)
    const operations = definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )
    return [
      "import type { TypedOperation } from '../operation.js'",
      "import type * as Generated from './graphql.js'",
      '',
      ...operations.map((operation) => `${operationExport(operation, fragments, index, name)}\n`),
    ].join('\n')
  },
}
