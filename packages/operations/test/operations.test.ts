import { readdirSync, readFileSync } from 'node:fs'
import {
  DinoAiAgentRunDocument,
  isKnownStatus,
  isTerminalStatus,
  RUN_STATUSES,
  SendDinoAiAgentMessageDocument,
  schemaSdl,
  TERMINAL_RUN_STATUSES,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import {
  buildSchema,
  type DocumentNode,
  lexicographicSortSchema,
  print,
  printSchema,
  validate,
} from 'graphql'
import { describe, expect, test } from 'vitest'

const checkedInSchema = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8')

describe('schemaSdl', () => {
  test('is the checked-in schema', () => {
    const fromPackage = buildSchema(schemaSdl)
    const fromFile = buildSchema(checkedInSchema)
    expect(fromPackage.getTypeMap().DinoAiAgentRun?.toString()).toBe('DinoAiAgentRun')
    // printSchema normalises formatting but keeps every description, so the two must print alike.
    expect(printSchema(lexicographicSortSchema(fromPackage))).toBe(
      printSchema(lexicographicSortSchema(fromFile)),
    )
    expect(Object.keys(fromPackage.getTypeMap()).sort()).toEqual(Object.keys(fromFile.getTypeMap()).sort())
    expect(schemaSdl).toContain('Session IDs of sub-agents spawned during the run.')
  })

  test('every type, field and argument has a description', () => {
    const schema = buildSchema(schemaSdl)
    const missing: string[] = []
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Float', 'Int', 'ID'].includes(type.name))
        continue
      if (!type.description) missing.push(type.name)
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`)
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`)
          }
        }
      }
      if ('getValues' in type) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`)
      }
    }
    expect(missing).toEqual([])
  })
})

describe('documents', () => {
  const schema = buildSchema(schemaSdl)
  test.each([
    ['TriggerDinoaiAgentRun', TriggerDinoAiAgentRunDocument],
    ['SendDinoaiAgentMessage', SendDinoAiAgentMessageDocument],
    ['DinoaiAgentRun', DinoAiAgentRunDocument],
  ] as const)('%s is valid against the schema and named', (name, document) => {
    expect(validate(schema, document as DocumentNode)).toEqual([])
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition')
    expect(operation && 'name' in operation ? operation.name?.value : undefined).toBe(name)
  })

  test('the run query selects every field of DinoAiAgentRun', () => {
    const printed = print(DinoAiAgentRunDocument as DocumentNode)
    for (const field of [
      'ok',
      'agentSessionId',
      'status',
      'messages',
      'ts',
      'role',
      'content',
      'childSessionIds',
      'workspaceUid',
    ]) {
      expect(printed).toMatch(new RegExp(`\\b${field}\\b`))
    }
  })
})

describe('exports follow the documents', () => {
  const generated = (name: string) =>
    readFileSync(new URL(`../src/generated/${name}`, import.meta.url), 'utf8')
  const exported = (source: string) =>
    new Set([
      ...[...source.matchAll(/^export (?:const|type) (\w+)/gm)].map((m) => m[1]),
      ...[...source.matchAll(/^export type \{([^}]*)\}/gm)].flatMap((m) =>
        // Biome breaks a long list over lines, with a trailing comma.
        (m[1] ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      ),
    ])

  test('every name codegen writes for the documents is exported, but its internal helper types', () => {
    const all = new Set([...exported(generated('graphql.ts')), ...exported(generated('operations.ts'))])
    all.delete('Incremental')
    expect([...exported(generated('documents.ts'))].sort()).toEqual([...all].sort())
  })

  test("each operation's smallest form is the document's text and shape, as the wire and the validator see them", async () => {
    const { print } = await import('graphql')
    const operations = Object.entries(await import('@dinoai/operations')).filter(([name]) =>
      name.endsWith('Operation'),
    )
    expect(operations.length).toBeGreaterThan(0)
    const all = await import('@dinoai/operations')
    for (const [name, operation] of operations) {
      const document = (all as Record<string, unknown>)[name.replace(/Operation$/, 'Document')]
      expect(document, name).toBeDefined()
      const { definitions } = document as { definitions: Parameters<typeof print>[0][] }
      expect(operation).toEqual({
        name: (definitions[0] as { name: { value: string } }).name.value,
        kind: (definitions[0] as { operation: string }).operation,
        text: definitions.map((d) => print(d)).join('\n'),
        shape: all.resultShapeOf(document as Parameters<typeof all.resultShapeOf>[0]),
      })
    }
  })

  test("each document's exports carry the doc comment written in its .graphql file", () => {
    const lines = generated('documents.ts').split('\n')
    for (const [i, line] of lines.entries()) {
      if (/^export (const|type) \w+ =/.test(line)) expect(lines[i - 1]).toMatch(/^\/\*\* \S.* \*\/$/)
    }
    const folder = new URL('../src/documents/', import.meta.url)
    for (const file of readdirSync(folder)) {
      const source = readFileSync(new URL(file, folder), 'utf8')
      const described = [...source.matchAll(/^#\s*(?!Variables:|Result:)(\S.*)$/gm)].map(
        (m) => m[1] as string,
      )
      for (const text of described) expect(generated('documents.ts')).toContain(text)
    }
  })
})

describe('statuses', () => {
  test('the known statuses are values of the schema enum', () => {
    // A subset, not the same list: the schema may gain a status before this list learns it, and
    // an unknown status is data (not terminal), so that change must leave the tests green.
    const values = buildSchema(schemaSdl).getType('DinoAiAgentRunStatus')
    const names = values && 'getValues' in values ? values.getValues().map((v) => v.name) : []
    expect(names.length).toBeGreaterThan(0)
    expect(RUN_STATUSES.filter((status) => !names.includes(status))).toEqual([])
  })

  test.each(TERMINAL_RUN_STATUSES)('%s is terminal', (status) => {
    expect(isTerminalStatus(status)).toBe(true)
  })

  test.each(['QUEUED', 'RUNNING', 'UNKNOWN', 'PAUSED', 'completed', ''])('%j is not terminal', (status) => {
    expect(isTerminalStatus(status)).toBe(false)
  })

  test('isKnownStatus tells schema statuses from new ones', () => {
    expect(isKnownStatus('EXPIRED')).toBe(true)
    expect(isKnownStatus('PAUSED')).toBe(false)
  })
})
