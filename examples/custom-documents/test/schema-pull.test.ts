// The app's whole schema loop against the mock over HTTP: the API gains a field; `dinoai schema pull`
// writes it into the app's schema.graphql; the app's codegen types a document that selects it; and
// client.request returns the mock's value for it. On a copy of the app.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { runCli } from '@dinoai/cli'
import { createDinoAiClient } from '@dinoai/client'
import { startMockDinoAiServer } from '@dinoai/testing'
import type { TypedDocumentNode } from '@graphql-typed-document-node/core'
import { assertObjectType, buildASTSchema, buildSchema, type DocumentNode, Kind, parse, print } from 'graphql'
import { expect, test } from 'vitest'
import { startRun } from '../src/index.js'
import { copyApp } from './app-copy.js'

const credentials = { apiKey: 'app-key', apiSecret: 'app-secret-value' }
const shippedSchema = readFileSync(
  createRequire(import.meta.url).resolve('@dinoai/operations/schema.graphql'),
  'utf8',
)

// The field the API gains: `costUsd`, or a name like it if the shipped schema has that already.
const runFields = Object.keys(
  assertObjectType(buildSchema(shippedSchema).getType('DinoAiAgentRun')).getFields(),
)
let cost = 'costUsd'
for (let i = 2; runFields.includes(cost); i++) cost = `costUsd${i}`

/** The shipped schema plus `${cost}: Float` on runs, through the graphql-js AST. */
function withCost(): DocumentNode {
  const shipped = parse(shippedSchema)
  const [extension] = parse(`extend type DinoAiAgentRun { ${cost}: Float }`).definitions
  return { ...shipped, definitions: [...shipped.definitions, ...(extension ? [extension] : [])] }
}

type RunCost = TypedDocumentNode<
  { dinoaiAgentRun: Record<string, number | null> },
  { agentSessionId: string }
>

const COST_DOCUMENT = `import { graphql } from './gql/index.js'

/** What a run cost: a field the API gained after the schema the app started from. */
export const RunCostDocument = graphql(\`
  query RunCost($agentSessionId: String!) {
    dinoaiAgentRun(agentSessionId: $agentSessionId) {
      ${cost}
    }
  }
\`)
`

const COST_READER = `import type { DinoAiClient } from '@dinoai/client'
import { RunCostDocument } from './cost.js'

export async function runCost(client: Pick<DinoAiClient, 'request'>, agentSessionId: string): Promise<number | null> {
  const data = await client.request(RunCostDocument, { agentSessionId })
  return data.dinoaiAgentRun.${cost}
}
`

// Codegen and tsc run for real, twice each: seconds on a busy two-core machine, not a hang.
const PROCESS_HEAVY = { timeout: 60_000 }

test(
  'dinoai schema pull, then codegen: the field the mock gained is typed, and answered',
  PROCESS_HEAVY,
  async () => {
    const server = await startMockDinoAiServer({ credentials, schema: buildASTSchema(withCost()) })
    const copy = copyApp()
    try {
      // The app pulled before: its schema.graphql is the one the SDK shipped. It adds a document for the new field.
      copy.write('schema.graphql', shippedSchema)
      copy.write('src/cost.ts', COST_DOCUMENT)
      await expect(copy.codegen()).rejects.toThrow(`Cannot query field "${cost}" on type "DinoAiAgentRun"`)

      let stdout = ''
      const code = await runCli(['schema', 'pull', '--documents', 'src/**/*.ts'], {
        env: {
          PARADIME_API_ENDPOINT: server.url,
          PARADIME_API_KEY: credentials.apiKey,
          PARADIME_API_SECRET: credentials.apiSecret,
        },
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: () => true },
        stdin: undefined,
        cwd: copy.dir,
      })
      expect(code).toBe(1)
      expect(stdout).toContain(`  safe       Field '${cost}' was added to object type 'DinoAiAgentRun'`)
      // The app's documents, the new one included, all validate against the pulled schema.
      expect(stdout).toMatch(/^4 documents checked \(from --documents\): all validate/m)
      expect(copy.read('schema.graphql')).toContain(`  ${cost}: Float\n}`)

      await copy.codegen()
      expect(copy.read('src/gql/graphql.ts')).toContain(
        `export type RunCostQuery = { dinoaiAgentRun: { ${cost}: number | null } };`,
      )
      copy.write('src/cost-reader.ts', COST_READER)
      expect(copy.typecheck()).toEqual({ ok: true, output: '' })

      // At run time: the generated document, sent by client.request, answers with the mock's value.
      // (A module outside this project: its type is the one the generated code declares.)
      const { RunCostDocument }: { RunCostDocument: RunCost } = await import(
        pathToFileURL(join(copy.dir, 'src/cost.ts')).href
      )
      const client = createDinoAiClient({ endpoint: server.url, ...credentials })
      const agentSessionId = await startRun(client, { message: 'What did that cost?' })
      const data = await client.request(RunCostDocument, { agentSessionId })
      expect(typeof data.dinoaiAgentRun[cost]).toBe('number')
      const raw = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': credentials.apiKey,
          'x-api-secret': credentials.apiSecret,
        },
        body: JSON.stringify({ query: print(RunCostDocument), variables: { agentSessionId } }),
      })
      expect(data).toEqual((await raw.json()).data)
      expect(RunCostDocument.definitions[0]?.kind).toBe(Kind.OPERATION_DEFINITION)
    } finally {
      copy.remove()
      await server.close()
    }
  },
)
