import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { editSchemaSdl } from '@dinoai/testing'
import { describe, expect, test } from 'vitest'
import {
  appendSelection,
  codegen,
  editFile,
  errorsIn,
  fieldsNamed,
  spliceDocument,
  typecheck,
  unusedFieldName,
  vitestIn,
  workspaceCopies,
} from './workspace-copy.js'

// The promise of a codegen-driven client: rename a field in schema.graphql, update the document,
// run `pnpm codegen`, and the client's typecheck fails where the client uses the field. The probe
// does exactly that on a copy of the workspace, so the real workspace is never touched. Schema and
// documents are edited through graphql-js's AST, never by matching their text.

const { copy: copyWorkspace } = workspaceCopies('dinoai-rename-probe-')
const PACKAGES = ['operations', 'client', 'testing']
const typecheckClient = (dir: string) => typecheck(dir, 'client')

/** Renames `agentSessionId` on the trigger's result type in the schema and in both trigger documents. */
function renameTriggerSessionId(dir: string): void {
  editFile(dir, 'schema.graphql', (sdl) =>
    editSchemaSdl(sdl, {
      remove: ['TriggerDinoAiAgentRun.agentSessionId'],
      extend: 'extend type TriggerDinoAiAgentRun { "The session ID for the new run." sessionId: String! }',
    }),
  )
  for (const name of ['triggerDinoaiAgentRun.graphql', 'triggerDinoaiAgentRunWithModelFamily.graphql']) {
    editFile(dir, join('packages/operations/src/documents', name), (source) =>
      spliceDocument(source, (document) => {
        const fields = fieldsNamed(document, 'agentSessionId')
        expect(fields).toHaveLength(1)
        return fields.map((field) => ({ at: field.name.loc, text: 'sessionId' }))
      }),
    )
  }
}

/** Adds a nullable, described field to the run type and to the run fragment every read selects; returns its name. */
function addNullableRunField(dir: string): string {
  const schema = readFileSync(join(dir, 'schema.graphql'), 'utf8')
  const name = unusedFieldName(schema, 'DinoAiAgentRun', 'costUsd')
  editFile(dir, 'schema.graphql', (sdl) =>
    editSchemaSdl(sdl, {
      extend: `extend type DinoAiAgentRun { "What the run has cost so far, in US dollars; null while unknown." ${name}: Float }`,
    }),
  )
  editFile(dir, 'packages/operations/src/documents/dinoaiAgentRun.graphql', (source) =>
    appendSelection(source, 'DinoAiAgentRunFields', name),
  )
  return name
}

describe('rename probe', () => {
  test('renaming agentSessionId on the trigger result, then codegen, fails the client typecheck in packages/client/src', async () => {
    const dir = copyWorkspace()
    renameTriggerSessionId(dir)
    await codegen(dir)
    const generated = readFileSync(join(dir, 'packages/operations/src/generated/graphql.ts'), 'utf8')
    expect(generated).toContain('triggerDinoaiAgentRun: { ok: boolean; sessionId: string; status: string }')

    const { code, output } = await typecheckClient(dir)
    expect(code).not.toBe(0)
    const clientErrors = errorsIn(output, 'packages/client/src')
    // The public result type is where it shows first: AcceptedRun picks the generated fields, and
    // the regenerated type (with sessionId) is what the copy's client was checked against.
    expect(clientErrors).toContainEqual(
      expect.stringMatching(
        /^packages\/client\/src\/results\.ts.*error TS2344: Type '"agentSessionId" \| "status"' does not satisfy the constraint '"ok" \| "sessionId" \| "status"'/,
      ),
    )
    // And every method that reads the field.
    expect(clientErrors).toContainEqual(
      expect.stringMatching(
        /^packages\/client\/src\/verbs\/requests\.ts.*Property 'agentSessionId' does not exist/,
      ),
    )
  }, 60_000)

  test('adding a nullable field to the run, then codegen, keeps every typecheck, the fixtures, the answer tests and the README examples green', async () => {
    const dir = copyWorkspace()
    const field = addNullableRunField(dir)
    await codegen(dir)
    const generated = readFileSync(join(dir, 'packages/operations/src/generated/graphql.ts'), 'utf8')
    expect(generated).toMatch(new RegExp(`${field}\\??: number \\| null`))
    // The validator's shapes follow the schema index: the new field is checked, and nullable.
    const index = readFileSync(join(dir, 'packages/operations/src/generated/schema-index.ts'), 'utf8')
    expect(index).toMatch(new RegExp(`${field}: ["']Float["']`))

    for (const name of PACKAGES) {
      const { code, output } = await typecheck(dir, name)
      expect({ name, code, output }).toEqual({ name, code: 0, output: '' })
    }
    // Hand-built fixtures are where an additive change used to break tests: the builders fill the
    // new field, and the mock answers it (a mocked value, or null) through the validator.
    const result = await vitestIn(dir, [
      '--project',
      'testing',
      '--project',
      'client',
      '--project',
      'operations',
      'packages/testing/test/fixtures.test.ts',
      'packages/operations/test/readme.test.ts',
      'packages/testing/test/readme.test.ts',
      'packages/client/test/readme.test.ts',
      'packages/client/test/responses.test.ts',
      'packages/client/test/client.test.ts',
    ])
    expect({ code: result.code, failed: result.failed }).toEqual({ code: 0, failed: null })
    // Every test ran and passed: "Tests  N passed (N)".
    expect(result.passed).toBeGreaterThan(0)
    expect(result.passed).toBe(result.total)
  }, 120_000)
})
