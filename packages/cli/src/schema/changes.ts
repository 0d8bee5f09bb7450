import { CriticalityLevel, diff } from '@graphql-inspector/core'
import type { GraphQLSchema } from 'graphql'

/** What changed between two schemas, by how much it can break a client, as @graphql-inspector words it. */
export interface SchemaChanges {
  /** Removals and type changes: documents that use them stop working. */
  breaking: string[]
  /** Changes that can change behaviour without failing validation (a new enum value, a new default). */
  dangerous: string[]
  /** Additions, deprecations and description changes. */
  safe: string[]
}

/** The changes from `before` (the checked-in file) to `after` (the API). */
export async function schemaChanges(before: GraphQLSchema, after: GraphQLSchema): Promise<SchemaChanges> {
  const changes = await diff(before, after)
  const messages = (level: CriticalityLevel) =>
    changes.filter((c) => c.criticality.level === level).map((c) => c.message)
  return {
    breaking: messages(CriticalityLevel.Breaking),
    dangerous: messages(CriticalityLevel.Dangerous),
    safe: messages(CriticalityLevel.NonBreaking),
  }
}
