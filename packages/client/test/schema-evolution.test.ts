import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { editSchemaSdl, type SchemaEdits } from '@dinoai/testing'
import {
  type ASTNode,
  buildSchema,
  type FieldDefinitionNode,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  print,
} from 'graphql'
import { describe, expect, test } from 'vitest'
import {
  codegen,
  editFile,
  errorsIn,
  fieldsNamed,
  runIn,
  spliceDocument,
  typecheck,
  vitestIn,
  workspaceCopies,
} from './workspace-copy.js'

// The schema moves: realistic changes, applied one after another to a copy of the workspace through
// graphql-js's AST, must each leave codegen, the typechecks and the tests green, and a second
// codegen must change nothing. Breaking changes must be named by `pnpm schema:check` and turn the
// typecheck red where the changed field is used. Every name the changes add is made absent from
// the schema first (read through graphql-js), so the test holds whatever the schema gains.

const { copy } = workspaceCopies('dinoai-schema-evolution-')
const schemaOf = (dir: string) => readFileSync(join(dir, 'schema.graphql'), 'utf8')
const GENERATED = 'packages/operations/src/generated'
const DOCUMENTS = 'packages/operations/src/documents'

/** `base`, or a variant of it, that no type (or, with `of`, no field or enum value of type `of`) of the SDL is named. */
function unused(sdl: string, base: string, of?: string): string {
  const schema = buildSchema(sdl)
  const type = of === undefined ? undefined : schema.getType(of)
  const taken =
    of === undefined
      ? Object.keys(schema.getTypeMap())
      : isEnumType(type)
        ? type.getValues().map((v) => v.name)
        : isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)
          ? Object.keys(type.getFields())
          : []
  let name = base
  while (taken.includes(name)) name += 'X'
  return name
}

/** The definition of field `type.field` in the SDL's AST. */
function fieldNode(sdl: string, type: string, field: string): FieldDefinitionNode {
  const definition = parse(sdl).definitions.find(
    (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type,
  )
  const node =
    definition && 'fields' in definition ? definition.fields?.find((f) => f.name.value === field) : undefined
  if (node === undefined || node.kind !== Kind.FIELD_DEFINITION) throw new Error(`no field ${type}.${field}`)
  return node
}

// Descriptions stay out of the rewritten field: editSchemaSdl keeps the schema's own.
const withoutDescription = <T extends { description?: unknown }>({ description: _, ...node }: T) =>
  node as Omit<T, 'description'> & ASTNode

/** `extend type` SDL that writes field `type.field` again as the schema has it, plus an argument or a directive. */
function fieldAgain(
  sdl: string,
  type: string,
  field: string,
  add: { argument?: string; directive?: string },
): string {
  const node = fieldNode(sdl, type, field)
  const args = [
    ...(node.arguments ?? []).map((a) => print(withoutDescription(a))),
    ...(add.argument ? [add.argument] : []),
  ]
  return `extend type ${type} { ${field}${args.length ? `(${args.join(', ')})` : ''}: ${print(node.type)} ${add.directive ?? ''} }`
}

/** The names the changes add, each absent from the schema the copy starts with. */
function namesFor(sdl: string) {
  return {
    cost: unused(sdl, 'costUsd', 'DinoAiAgentRun'),
    agent: unused(sdl, 'DinoAiAgentDefinition'),
    agents: unused(sdl, 'dinoaiAgentDefinitions', 'Query'),
    event: unused(sdl, 'DinoAiAgentEvent'),
    statusChange: unused(sdl, 'DinoAiAgentStatusChange'),
    events: unused(sdl, 'events', 'DinoAiAgentRun'),
    fileChange: unused(sdl, 'DinoAiAgentFileChange'),
    pullRequest: unused(sdl, 'DinoAiAgentPullRequest'),
    artifact: unused(sdl, 'DinoAiAgentArtifact'),
    artifacts: unused(sdl, 'artifacts', 'DinoAiAgentRun'),
    paused: unused(sdl, 'PAUSED', 'DinoAiAgentRunStatus'),
    newestFirst: unused(sdl, 'newestFirst', 'DinoAiAgentRun'),
    mentionInput: unused(sdl, 'DinoAiAgentSlackMentionInput'),
    mention: unused(sdl, 'mention', 'DinoAiAgentSlackInput'),
  }
}
type Names = ReturnType<typeof namesFor>

/** Realistic additive changes, in the order an API might make them; each carries its descriptions. */
function additiveChanges(sdl: string, n: Names): { what: string; edits: SchemaEdits }[] {
  return [
    {
      what: 'a nullable field',
      edits: {
        extend: `extend type DinoAiAgentRun { "The run's cost so far, in US dollars; null while unknown." ${n.cost}: Float }`,
      },
    },
    {
      what: 'a new type',
      edits: {
        extend: `
          "An agent the workspace defines."
          type ${n.agent} { "The agent's name." name: String! "What the agent is for." description: String }
          extend type Query { "The agents the workspace defines." ${n.agents}: [${n.agent}!]! }`,
      },
    },
    {
      what: 'an interface with implementations',
      edits: {
        extend: `
          "Something that happened in a run."
          interface ${n.event} { "Unix epoch timestamp (seconds, fractional)." ts: Float! }
          extend type DinoAiAgentMessage implements ${n.event}
          "A change of the run's status."
          type ${n.statusChange} implements ${n.event} {
            "Unix epoch timestamp (seconds, fractional)." ts: Float!
            "The status the run changed to." status: DinoAiAgentRunStatus!
          }
          extend type DinoAiAgentRun { "What happened in the run, oldest first; null when unknown." ${n.events}: [${n.event}!] }`,
      },
    },
    {
      what: 'a union',
      edits: {
        extend: `
          "A file the agent changed." type ${n.fileChange} { "Its path in the repository." path: String! "Lines added." additions: Int! }
          "A pull request the agent opened." type ${n.pullRequest} { "Its URL." url: String! "Its title." title: String! }
          "Something the run produced." union ${n.artifact} = ${n.fileChange} | ${n.pullRequest}
          extend type DinoAiAgentRun { "What the run produced; null when unknown." ${n.artifacts}: [${n.artifact}!] }`,
      },
    },
    {
      what: 'a new enum value',
      edits: {
        extend: `extend enum DinoAiAgentRunStatus { "The run waits for the user's approval." ${n.paused} }`,
      },
    },
    {
      what: 'a new argument with a default',
      edits: {
        extend: fieldAgain(sdl, 'DinoAiAgentRun', 'steps', {
          argument: `"Whether the newest step comes first." ${n.newestFirst}: Boolean = false`,
        }),
      },
    },
    {
      what: 'a deprecation',
      edits: {
        extend: fieldAgain(sdl, 'TriggerDinoAiAgentRun', 'status', {
          directive: '@deprecated(reason: "Always queued: read the run for its live status.")',
        }),
      },
    },
    {
      what: 'a nested input type',
      edits: {
        extend: `
          "Who the run's Slack messages mention." input ${n.mentionInput} { "Slack user IDs." userIds: [String!]! }
          extend input DinoAiAgentSlackInput { "Mentions in the run's Slack messages." ${n.mention}: ${n.mentionInput} }`,
      },
    },
  ]
}

/** A document that selects the interface and the union: inline fragments, a fragment on the union, __typename. */
const timelineDocument = (n: Names) => `# Reads what happened in a run and what it produced.
# Variables: the session to read.
# Result: the run's events and artifacts, under \`dinoaiAgentRun\`.
query DinoaiAgentRunTimeline($agentSessionId: String!) {
  dinoaiAgentRun(agentSessionId: $agentSessionId) {
    ${n.events} {
      __typename
      ts
      ... on DinoAiAgentMessage {
        role
        content
      }
      ... on ${n.statusChange} {
        status
      }
    }
    ${n.artifacts} {
      ...TimelineArtifactFields
    }
  }
}

# What a run produced: a changed file or a pull request.
fragment TimelineArtifactFields on ${n.artifact} {
  __typename
  ... on ${n.fileChange} {
    path
    additions
  }
  ... on ${n.pullRequest} {
    url
  }
}
`

/** A client test, written into the copy: the new document through the mock and the client's validation. */
const timelineTest = (n: Names) => `import { readFileSync } from 'node:fs'
import { createDinoAiClient } from '@dinoai/client'
import { DinoAiAgentRunTimelineDocument, type DinoAiAgentRunStatus } from '@dinoai/operations'
import { expect, expectTypeOf, test } from 'vitest'
import { API_KEY, API_SECRET, credentialed, triggerOn } from './helpers.js'

const schemaSdl = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8')

// The mock's answer, edited on its way to the client: what a broken server would have sent.
const tampering =
  (fetch: typeof globalThis.fetch, edit: (data: any) => void): typeof globalThis.fetch =>
  async (input, init) => {
    const response = await fetch(input, init)
    const body = await response.json()
    edit(body.data)
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers })
  }

test('the new document, answered by the mock serving the evolved schema, passes the client validation', async () => {
  const mock = credentialed({ schemaSdl })
  const agentSessionId = await triggerOn(mock)
  const on = (fetch: typeof globalThis.fetch) =>
    createDinoAiClient({ endpoint: mock.url, apiKey: API_KEY, apiSecret: API_SECRET, fetch, retry: false })
  const data = await on(mock.fetch).request(DinoAiAgentRunTimelineDocument, { agentSessionId })
  const events = data.dinoaiAgentRun.${n.events} ?? []
  expect(events.length).toBeGreaterThan(0)
  // The generated type is a union narrowed by __typename.
  for (const event of events) {
    if (event.__typename === '${n.statusChange}') expectTypeOf(event.status).toEqualTypeOf<DinoAiAgentRunStatus>()
  }
  expect(data.dinoaiAgentRun.${n.artifacts}?.length).toBeGreaterThan(0)

  // An event that names a type the interface does not have, or lacks a field its type has, is refused.
  const renamed = on(tampering(mock.fetch, (d) => {
    d.dinoaiAgentRun.${n.events}[0].__typename = 'DinoAiAgentRun'
  }))
  await expect(renamed.request(DinoAiAgentRunTimelineDocument, { agentSessionId })).rejects.toMatchObject({
    code: 'BAD_RESPONSE',
    jsonPath: 'data.dinoaiAgentRun.${n.events}[0].__typename',
  })
  const artifact = on(tampering(mock.fetch, (d) => {
    d.dinoaiAgentRun.${n.artifacts}[0] = { __typename: '${n.fileChange}', path: 'models/a.sql', additions: 'many' }
  }))
  await expect(artifact.request(DinoAiAgentRunTimelineDocument, { agentSessionId })).rejects.toMatchObject({
    code: 'BAD_RESPONSE',
    jsonPath: 'data.dinoaiAgentRun.${n.artifacts}[0].additions',
  })
})
`

/** The generated files' contents, to see whether a second codegen changes any. */
const generated = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(join(dir, GENERATED)).map((f) => [f, readFileSync(join(dir, GENERATED, f), 'utf8')]),
  )

/** Codegen twice (the second must change nothing) and both typechecks, all green. */
async function codegenAndTypecheck(dir: string, what: string): Promise<void> {
  await codegen(dir)
  const once = generated(dir)
  await codegen(dir)
  expect(generated(dir), `a second codegen after ${what} changes nothing`).toEqual(once)
  const results = await Promise.all(
    ['operations', 'client'].map(async (name) => ({ name, ...(await typecheck(dir, name)) })),
  )
  for (const { name, code, output } of results)
    expect({ what, name, code, output }).toEqual({ what, name, code: 0, output: '' })
}

/** vitest in the copy, every test of it run and passed. */
async function testsPass(dir: string, what: string, args: string[]): Promise<number> {
  const result = await vitestIn(dir, args)
  const summary = { what, code: result.code, failed: result.failed }
  expect(summary, result.output.slice(-4000)).toEqual({ what, code: 0, failed: null })
  expect(result.passed).toBeGreaterThan(0)
  expect(result.passed).toBe(result.total)
  return result.passed
}

// The copy's own copy of these probes would run again inside it, and the rename probe proves
// something else. root-readme and no-casts read what the copy leaves out (the root README and its
// examples, the CLI's sources); neither depends on the schema.
const CLIENT_TESTS = [
  '--project',
  'client',
  ...['schema-evolution', 'rename-probe', 'root-readme', 'no-casts'].flatMap((name) => [
    '--exclude',
    `**/${name}.test.ts`,
  ]),
]

describe('schema evolution', () => {
  test(
    'additive changes one after another, and a document on the new interface and union, keep codegen, typechecks and tests green',
    async () => {
      const dir = copy()
      const names = namesFor(schemaOf(dir))
      const timeline = 'packages/client/test/timeline.test.ts'
      for (const change of additiveChanges(schemaOf(dir), names)) {
        editFile(dir, 'schema.graphql', (sdl) => editSchemaSdl(sdl, change.edits))
        await codegenAndTypecheck(dir, change.what)
        // Cheap and schema-bound after every change: all of operations (its shapes test checks every
        // document against answers made from the schema) and the client's answer tests. The whole
        // client suite runs once below, on the schema that holds every change.
        await testsPass(dir, change.what, [
          '--project',
          'operations',
          '--project',
          'client',
          'packages/operations',
          'packages/client/test/responses.test.ts',
        ])
        if (change.what === 'a union') {
          writeFileSync(join(dir, DOCUMENTS, 'dinoaiAgentRunTimeline.graphql'), timelineDocument(names))
          writeFileSync(join(dir, timeline), timelineTest(names))
          await codegenAndTypecheck(dir, 'a new document')
          const exported = readFileSync(join(dir, GENERATED, 'documents.ts'), 'utf8')
          expect(exported).toContain('/** Reads what happened in a run and what it produced. */')
          expect(exported).toMatch(/export const DinoAiAgentRunTimelineDocument\b/)
          expect(exported).toMatch(/export type TimelineArtifactFieldsFragment\b/)
        }
      }
      const index = readFileSync(join(dir, GENERATED, 'schema-index.ts'), 'utf8')
      expect(index).toContain(names.statusChange)
      expect(index).toMatch(/kind: ["']union["']/)
      const clientTests = await testsPass(dir, 'all changes', CLIENT_TESTS)
      // The timeline test is among them: the evolved document went through the mock and the validation.
      const alone = await testsPass(dir, 'the new document', ['--project', 'client', timeline])
      expect(alone).toBe(1)
      expect(clientTests).toBeGreaterThan(alone)
    },
    15 * 60_000,
  )

  test(
    'a removal and a type change are named by schema:check and fail the typecheck where the field is used',
    async () => {
      const dir = copy()
      // schema:check compares with a git ref: the copy's first commit is the schema as it was.
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' })
      git('init', '-q')
      git('add', 'schema.graphql')
      git(
        '-c',
        'user.name=schema evolution test',
        '-c',
        'user.email=test@localhost',
        'commit',
        '-qm',
        'before',
      )
      const original = schemaOf(dir)
      const withModelFamily = join(DOCUMENTS, 'triggerDinoaiAgentRunWithModelFamily.graphql')
      const documentBefore = readFileSync(join(dir, withModelFamily), 'utf8')

      // A removal: the field leaves the schema and the document that selected it (codegen would refuse it).
      editFile(dir, 'schema.graphql', (sdl) =>
        editSchemaSdl(sdl, { remove: ['TriggerDinoAiAgentRun.warning'] }),
      )
      editFile(dir, withModelFamily, (source) =>
        spliceDocument(source, (document) =>
          fieldsNamed(document, 'warning').map((field) => ({ at: field.loc, text: '' })),
        ),
      )
      const removal = await runIn(dir, 'node', ['scripts/schema-check.mjs', 'HEAD'])
      expect(removal.code).toBe(1)
      expect(removal.output).toContain("Field 'warning' was removed from object type 'TriggerDinoAiAgentRun'")
      await codegen(dir)
      expect((await typecheck(dir, 'operations')).code).toBe(0)
      const removed = await typecheck(dir, 'client')
      expect(removed.code).not.toBe(0)
      expect(errorsIn(removed.output, 'packages/client/src')).toContainEqual(
        expect.stringMatching(
          /^packages\/client\/src\/verbs\/requests\.ts\(\d+,\d+\): error TS2339: Property 'warning' does not exist/,
        ),
      )

      // A type change, from the original schema: a step's index becomes a string.
      writeFileSync(join(dir, 'schema.graphql'), original)
      writeFileSync(join(dir, withModelFamily), documentBefore)
      const index = fieldNode(original, 'DinoAiAgentStep', 'index')
      editFile(dir, 'schema.graphql', (sdl) =>
        editSchemaSdl(sdl, {
          extend: `extend type DinoAiAgentStep { index: String! ${(index.directives ?? []).map(print).join(' ')} }`,
        }),
      )
      const changed = await runIn(dir, 'node', ['scripts/schema-check.mjs', 'HEAD'])
      expect(changed.code).toBe(1)
      expect(changed.output).toContain("Field 'DinoAiAgentStep.index' changed type from 'Int!' to 'String!'")
      await codegen(dir)
      expect((await typecheck(dir, 'operations')).code).toBe(0)
      const retyped = await typecheck(dir, 'client')
      expect(retyped.code).not.toBe(0)
      const errors = errorsIn(retyped.output, 'packages/client/src')
      // Where the client compares and orders steps by index, and keeps it as its cursor.
      expect(errors).toContainEqual(
        expect.stringMatching(/^packages\/client\/src\/watch\/steps\.ts\(\d+,\d+\): error TS\d+/),
      )
      expect(errors).toContainEqual(
        expect.stringMatching(/^packages\/client\/src\/poll\/session\.ts\(\d+,\d+\): error TS\d+/),
      )
      // And nowhere else in the client's sources: no other file reads a step's index.
      const files = new Set(errors.map((line) => line.slice(0, line.indexOf('('))))
      expect([...files].sort()).toEqual([
        'packages/client/src/poll/session.ts',
        'packages/client/src/watch/steps.ts',
      ])
    },
    5 * 60_000,
  )
})
