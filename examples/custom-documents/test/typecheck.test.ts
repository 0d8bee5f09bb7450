// The app's documents are typed from the schema: a field that does not exist breaks the app's build
// twice over. Its typecheck fails where the document is used (the document is no longer one codegen
// typed), and its codegen names the field and where it is. Each on a copy of the app.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { assertObjectType, buildSchema } from 'graphql'
import { afterEach, expect, test } from 'vitest'
import { type AppCopy, copyApp } from './app-copy.js'

let copy: AppCopy | undefined
afterEach(() => {
  copy?.remove()
  copy = undefined
})

// Codegen and tsc run for real: seconds on a busy two-core machine, not a hang.
const PROCESS_HEAVY = { timeout: 60_000 }

// A field the schema lacks: `nope`, or a name like it should the API ever gain one.
const shipped = readFileSync(
  createRequire(import.meta.url).resolve('@dinoai/operations/schema.graphql'),
  'utf8',
)
const runFields = Object.keys(assertObjectType(buildSchema(shipped).getType('DinoAiAgentRun')).getFields())
let missing = 'nope'
for (let i = 2; runFields.includes(missing); i++) missing = `nope${i}`

const STATUS_SELECTION = 'dinoaiAgentRun(agentSessionId: $agentSessionId) {\n      status\n    }'

test('as it is, the app generates its types and typechecks', PROCESS_HEAVY, async () => {
  copy = copyApp()
  await copy.codegen()
  expect(copy.typecheck()).toEqual({ ok: true, output: '' })
})

test(
  'selecting a field that does not exist fails the typecheck, and codegen names the field',
  PROCESS_HEAVY,
  async () => {
    copy = copyApp()
    await copy.codegen()
    const documents = copy.read('src/documents.ts')
    expect(documents).toContain(STATUS_SELECTION)
    copy.write(
      'src/documents.ts',
      documents.replace(STATUS_SELECTION, STATUS_SELECTION.replace('status\n', `status\n      ${missing}\n`)),
    )

    const { ok, output } = copy.typecheck()
    expect(ok).toBe(false)
    // The error is where runStatus sends the document.
    const line =
      copy
        .read('src/runs.ts')
        .split('\n')
        .findIndex((l) => l.includes('request(RunStatusDocument')) + 1
    expect(line).toBeGreaterThan(0)
    expect(output).toContain(
      `src/runs.ts(${line},37): error TS2345: Argument of type 'unknown' is not assignable to parameter of type 'TypedDocumentNode<`,
    )

    await expect(copy.codegen()).rejects.toThrow(
      new RegExp(
        `Cannot query field "${missing}" on type "DinoAiAgentRun"\\.\\n\\s+at .*src/documents\\.ts:\\d+:\\d+`,
      ),
    )
  },
)
