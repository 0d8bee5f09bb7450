// `dinoai schema pull` and `dinoai schema check` against real HTTP servers on loopback: the mock
// (startMockDinoAiServer), serving the shipped schema or a changed one, and plain node:http servers
// for the answers the mock never gives. Every output is checked for the key and the secret.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '@dinoai/cli'
import { type Clock, createDinoAiClient } from '@dinoai/client'
import * as operations from '@dinoai/operations'
import { type MockDinoAiServer, startMockDinoAiServer } from '@dinoai/testing'
import {
  buildASTSchema,
  buildSchema,
  type DocumentNode,
  graphql,
  introspectionFromSchema,
  Kind,
  lexicographicSortSchema,
  type ObjectTypeDefinitionNode,
  parse,
  print,
  printSchema,
} from 'graphql'
import { afterEach, describe, expect, test } from 'vitest'
import { editType, fieldNode, freshName, namesIn } from './schema-edits.js'
import { runCliProcess } from './spawn-cli.js'

const checkedIn = readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8')
const credentials = { apiKey: 'schema-test-key', apiSecret: 'schema-test-secret-9f3a' }
const SECRETS = [credentials.apiKey, credentials.apiSecret]

// Retries wait on this clock: a test of a failing endpoint costs no real time, and counts them.
let sleeps: number[] = []
const instantClock: Clock = {
  now: () => performance.now(),
  sleep: async (ms) => {
    sleeps.push(ms)
  },
  random: () => 0.5,
}

let dir: string
let servers: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
  sleeps = []
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function workDir(schemaText?: string): string {
  dir = mkdtempSync(join(tmpdir(), 'dinoai-schema-'))
  if (schemaText !== undefined) writeFileSync(join(dir, 'schema.graphql'), schemaText)
  return dir
}

interface Result {
  code: number
  stdout: string
  stderr: string
}

/** `dinoai ...args` in-process, in `dir`, with the test credentials and `endpoint`. */
async function dinoai(args: readonly string[], endpoint: string | undefined, cwd = dir): Promise<Result> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    env: {
      PARADIME_API_KEY: credentials.apiKey,
      PARADIME_API_SECRET: credentials.apiSecret,
      ...(endpoint ? { PARADIME_API_ENDPOINT: endpoint } : {}),
    },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: undefined,
    cwd,
    // No request timeout: it waits on the clock too, and this one never makes anyone wait.
    createClient: (options) => createDinoAiClient({ ...options, clock: instantClock, requestTimeoutMs: 0 }),
  })
  for (const secret of SECRETS) {
    expect(stdout).not.toContain(secret)
    expect(stderr).not.toContain(secret)
  }
  return { code, stdout, stderr }
}

async function mock(options: Parameters<typeof startMockDinoAiServer>[0] = {}): Promise<MockDinoAiServer> {
  const server = await startMockDinoAiServer({ credentials, ...options })
  servers.push(server)
  return server
}

/** A plain HTTP server on a free loopback port that answers every request with `answer(query)`. */
async function rawServer(answer: (query: string) => { status: number; body: string }): Promise<string> {
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      const { status, body: text } = answer(JSON.parse(body || '{}').query ?? '')
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`
}

const introspectionOf = (sdl: string) =>
  introspectionFromSchema(buildSchema(sdl), { schemaDescription: true })
const json = (value: unknown) => ({ status: 200, body: JSON.stringify(value) })

/** The checked-in file without one field of a type: cut out by the field's location in the AST. */
function fileWithout(type: string, field: string): string {
  const definition = parse(checkedIn).definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type,
  )
  const node = definition?.fields?.find((f) => f.name.value === field)
  if (!node?.loc) throw new Error(`${type}.${field} is not in schema.graphql`)
  const lineStart = checkedIn.lastIndexOf('\n', node.loc.start) + 1
  return checkedIn.slice(0, lineStart) + checkedIn.slice(node.loc.end + 1)
}

const filesIn = (folder: string) => readdirSync(folder).sort()

/** The documents @dinoai/operations ships, by export name: what `dinoai schema` checks by default. */
const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === 'object' && value !== null && 'kind' in value && value.kind === Kind.DOCUMENT
const shipped = Object.entries(operations).flatMap(([name, value]) =>
  name.endsWith('Document') && isDocument(value) ? [[name, value] as const] : [],
)

describe('an unchanged API', () => {
  test('pull reproduces schema.graphql byte for byte and exits 0; check agrees', async () => {
    const server = await mock()
    const cwd = workDir(checkedIn)
    const pulled = await dinoai(['schema', 'pull'], server.url)
    expect(pulled.stderr).toBe('')
    expect(pulled.code).toBe(0)
    expect(readFileSync(join(cwd, 'schema.graphql'), 'utf8')).toBe(checkedIn)
    expect(filesIn(cwd)).toEqual(['schema.graphql'])
    expect(pulled.stdout).toBe(
      [
        `schema.graphql is up to date with the schema at ${server.url}.`,
        `${shipped.length} documents checked (the SDK's documents; pass --documents GLOB for your own): all validate against the API's schema.`,
        '',
      ].join('\n'),
    )
    // One introspection request, with the client's credentials.
    expect(server.requests.map((r) => [r.operationName, r.status])).toEqual([['IntrospectionQuery', 200]])
    expect(server.requests[0]?.headers['x-api-key']).toBe('[redacted]')
    expect(server.requests[0]?.headers.authorization).toBeUndefined()

    const checked = await dinoai(['schema', 'check', '--endpoint', server.url], undefined)
    expect(checked.code).toBe(0)
    expect(checked.stdout).toMatch(/^schema\.graphql is up to date/)
  })

  test('the built dinoai does the same as a real process', async () => {
    const server = await mock()
    const cwd = workDir(checkedIn)
    const out = join(cwd, 'schema.graphql')
    const result = await runCliProcess(['schema', 'pull', '--out', out], {
      env: {
        PARADIME_API_ENDPOINT: server.url,
        PARADIME_API_KEY: credentials.apiKey,
        PARADIME_API_SECRET: credentials.apiSecret,
      },
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(checkedIn)
  })

  test('a key alone is sent as a bearer token, as the client sends it', async () => {
    const server = await mock({ credentials: { apiKey: credentials.apiKey } })
    workDir(checkedIn)
    let stdout = ''
    const code = await runCli(['schema', 'check'], {
      env: { PARADIME_API_ENDPOINT: server.url, PARADIME_API_KEY: credentials.apiKey },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
      stdin: undefined,
      cwd: dir,
    })
    expect(code).toBe(0)
    expect(stdout).not.toContain(credentials.apiKey)
    expect(server.requests[0]?.headers.authorization).toBe('[redacted]')
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined()
  })
})

describe('a changed API', () => {
  test('a file without a field the API has: pull restores schema.graphql byte for byte and exits 1', async () => {
    const server = await mock()
    const cwd = workDir(fileWithout('DinoAiAgentRun', 'startupSteps'))
    const checked = await dinoai(['schema', 'check'], server.url)
    expect(checked.code).toBe(1)
    expect(readFileSync(join(cwd, 'schema.graphql'), 'utf8')).not.toBe(checkedIn)
    expect(checked.stdout).toMatch(/^schema\.graphql differs from the schema at .* \(nothing written\)\.$/m)

    const pulled = await dinoai(['schema', 'pull'], server.url)
    expect(pulled.code).toBe(1)
    expect(readFileSync(join(cwd, 'schema.graphql'), 'utf8')).toBe(checkedIn)
    expect(filesIn(cwd)).toEqual(['schema.graphql'])
    const [headline, count, added] = pulled.stdout.split('\n')
    expect(headline).toBe(`schema.graphql changed: written from ${server.url}.`)
    // The field, and its description (inspector counts that as a change of its own).
    expect(count).toBe('2 changes: 0 breaking, 0 dangerous, 2 safe.')
    expect(added).toBe("  safe       Field 'startupSteps' was added to object type 'DinoAiAgentRun'")
    expect(pulled.stdout).toContain("  safe       Field 'DinoAiAgentRun.startupSteps' has description '")
    expect(pulled.stdout).toMatch(/^Next: run your codegen/m)
    // Pulled again, nothing changes any more.
    expect((await dinoai(['schema', 'pull'], server.url)).code).toBe(0)
  })

  test('a mock serving a changed schema: the change is written, named, and the documents it breaks are listed', async () => {
    // The API gains a field and loses workspaceUid, which the SDK's run documents select.
    const cost = freshName(namesIn(checkedIn, 'DinoAiAgentRun'), 'costUsd')
    const changed = buildASTSchema(
      editType(checkedIn, 'DinoAiAgentRun', (fields) => [
        ...fields.filter((f) => f.name.value !== 'workspaceUid'),
        fieldNode(`"What the run cost." ${cost}: Float`),
      ]),
    )
    const server = await mock({ schema: changed })
    const cwd = workDir(checkedIn)
    const { code, stdout } = await dinoai(['schema', 'pull'], server.url)
    expect(code).toBe(1)
    const written = readFileSync(join(cwd, 'schema.graphql'), 'utf8')
    expect(printSchema(lexicographicSortSchema(buildSchema(written)))).toBe(
      printSchema(lexicographicSortSchema(changed)),
    )
    expect(written).toContain(`  """\n  What the run cost.\n  """\n  ${cost}: Float\n}`)
    expect(stdout).toContain('3 changes: 1 breaking, 0 dangerous, 2 safe.')
    expect(stdout).toContain(
      "  breaking   Field 'workspaceUid' was removed from object type 'DinoAiAgentRun'",
    )
    expect(stdout).toContain(`  safe       Field '${cost}' was added to object type 'DinoAiAgentRun'`)
    // The documents that select a run's fields, and only those: not the trigger, send or stop results.
    const selecting = shipped.filter(([, document]) => /\bworkspaceUid\b/.test(print(document)))
    expect(selecting.length).toBeGreaterThan(0)
    expect(selecting.length).toBeLessThan(shipped.length)
    expect(stdout).toContain(`${selecting.length} problems in the ${shipped.length} documents checked`)
    const failing = [
      ...stdout.matchAll(/^ {2}@dinoai\/operations (\w+) {2}Cannot query field "workspaceUid"/gm),
    ]
    expect(failing.map((m) => m[1])).toEqual(selecting.map(([name]) => name))
  })

  test("--documents validates the app's own documents, .graphql files and graphql() calls in code", async () => {
    const changed = buildASTSchema(
      editType(checkedIn, 'DinoAiAgentRun', (fields) =>
        fields.filter((f) => f.name.value !== 'childSessionIds'),
      ),
    )
    const server = await mock({ schema: changed })
    const cwd = workDir(checkedIn)
    mkdirSync(join(cwd, 'src'))
    writeFileSync(
      join(cwd, 'src/fragments.graphql'),
      'fragment RunBits on DinoAiAgentRun {\n  status\n  childSessionIds\n}\n',
    )
    writeFileSync(
      join(cwd, 'src/ok.graphql'),
      'query Ok($id: String!) { dinoaiAgentRun(agentSessionId: $id) { status } }\n',
    )
    writeFileSync(
      join(cwd, 'src/app.ts'),
      [
        "import { graphql } from './gql'",
        '',
        'export const Tree = graphql(`',
        '  query Tree($id: String!) {',
        '    dinoaiAgentRun(agentSessionId: $id) { ...RunBits workspaceUid }',
        '  }',
        '`)',
        '',
      ].join('\n'),
    )
    // '**/*.graphql' finds the schema file too: it holds no documents, and is left out.
    const { code, stdout } = await dinoai(
      ['schema', 'check', '--documents', '**/*.graphql', 'src/*.ts'],
      server.url,
    )
    expect(code).toBe(1)
    expect(stdout).toMatch(/^1 problem in the 3 documents checked \(from --documents\)/m)
    // The error is in the fragment's file, where it is; the query that spreads it is not blamed twice.
    expect(stdout).toMatch(
      /^ {2}src\/fragments\.graphql:3:3 {2}Cannot query field "childSessionIds" on type "DinoAiAgentRun"\./m,
    )
    expect(stdout).not.toMatch(/^ {2}src\/app\.ts/m)
    expect(readFileSync(join(cwd, 'schema.graphql'), 'utf8')).toBe(checkedIn)
  })

  test('a new file: pull writes it and exits 1', async () => {
    const server = await mock()
    const cwd = workDir()
    // A folder that does not exist is an error, found before the introspection is sent.
    const missing = await dinoai(['schema', 'pull', '--out', 'api/schema.graphql'], server.url, cwd)
    expect(missing.code).toBe(2)
    expect(missing.stdout).toBe('')
    expect(missing.stderr).toMatch(
      /^error: Cannot write api\/schema\.graphql: the folder .*api does not exist\./,
    )
    expect(server.requests).toHaveLength(0)
    expect(filesIn(cwd)).toEqual([])
    const created = await dinoai(['schema', 'pull', '--out', 'new.graphql'], server.url)
    expect(created.code).toBe(1)
    expect(created.stdout).toMatch(/^new\.graphql written from .* \(it did not exist\)\.$/m)
    // A new file is laid out as the schema the SDK ships: for an API the SDK knows, that very file.
    expect(readFileSync(join(cwd, 'new.graphql'), 'utf8')).toBe(checkedIn)
  })

  test('a server without __Schema.description: the file keeps its description', async () => {
    const schema = buildSchema(checkedIn)
    const endpoint = await rawServer((query) => {
      if (/__schema\s*\{\s*description/.test(query)) {
        return {
          status: 400,
          body: JSON.stringify({
            errors: [{ message: 'Cannot query field "description" on type "__Schema".' }],
          }),
        }
      }
      return json({ data: introspectionFromSchema(schema) })
    })
    const cwd = workDir(checkedIn)
    const { code, stdout } = await dinoai(['schema', 'pull'], endpoint)
    expect(stdout).toMatch(/is up to date/)
    expect(code).toBe(0)
    expect(readFileSync(join(cwd, 'schema.graphql'), 'utf8')).toBe(checkedIn)
    expect(await graphql({ schema, source: '{ __typename }' })).toEqual({ data: { __typename: 'Query' } })
  })
})

describe('errors: exit 2, a clear message, nothing written', () => {
  /** Runs a pull over a copy of the file with a stale field, so that a success would rewrite it. */
  async function failingPull(endpoint: string, extra: string[] = []) {
    const stale = fileWithout('DinoAiAgentRun', 'startupSteps')
    const cwd = workDir(stale)
    const result = await dinoai(['schema', 'pull', ...extra], endpoint)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(readFileSync(join(cwd, 'schema.graphql'), 'utf8')).toBe(stale)
    expect(filesIn(cwd)).toEqual(['schema.graphql'])
    return result.stderr
  }

  test('introspection turned off on the server: says so, and where else to get the schema', async () => {
    const server = await mock({ introspection: false })
    const stderr = await failingPull(server.url)
    expect(stderr).toContain(
      `error: The API at ${server.url} refused the introspection query (HTTP 400): GraphQL introspection has been disabled, but the requested query contained the field "__schema".`,
    )
    expect(stderr).toContain('Introspection is turned off on that server')
    expect(stderr).toContain('@dinoai/operations/schema.graphql')
  })

  test('credentials refused (401): names the variables to check', async () => {
    const server = await mock({
      credentials: { apiKey: credentials.apiKey, apiSecret: 'another-secret-value' },
    })
    const stderr = await failingPull(server.url)
    expect(stderr).toMatch(
      /^error: Cannot pull the schema from .*: The DinoAI API rejected the credentials \(HTTP 401\)/m,
    )
    expect(stderr).toContain('Check PARADIME_API_KEY / PARADIME_API_SECRET')
    expect(server.requests).toHaveLength(1)
  })

  test('forbidden (403), from a server that quotes the secret back: redacted', async () => {
    const endpoint = await rawServer(() => ({
      status: 403,
      body: JSON.stringify({
        errors: [
          { message: `Key ${credentials.apiKey} with secret ${credentials.apiSecret} may not introspect.` },
        ],
      }),
    }))
    const stderr = await failingPull(endpoint)
    expect(stderr).toMatch(
      /rejected the credentials \(HTTP 403\): Key \[redacted\] with secret \[redacted\] may not introspect\./,
    )
  })

  test('no server at the endpoint: a network error, after the read retries', async () => {
    const endpoint = await rawServer(() => json({}))
    await Promise.all(servers.map((s) => s.close()))
    servers = []
    const stderr = await failingPull(endpoint)
    expect(stderr).toMatch(
      /^error: Cannot pull the schema from .*: IntrospectionQuery got no response from .* \(ECONNREFUSED\)/m,
    )
    expect(sleeps).toHaveLength(3)
  })

  test('an answer that is not GraphQL', async () => {
    const server = await mock()
    server.failNext(10, { kind: 'non-json' })
    const stderr = await failingPull(server.url)
    expect(stderr).toMatch(
      /^error: The API at .* did not answer the introspection query with a GraphQL response: /m,
    )
  })

  test('an answer over the size cap: names the flag that raises it', async () => {
    const server = await mock()
    const stderr = await failingPull(server.url, ['--max-response-bytes', '4096'])
    expect(stderr).toMatch(/over maxResponseBytes \(4096\)/)
    expect(stderr).toContain('The answer is larger than the size cap: pass a larger --max-response-bytes.')
    // The cap that is big enough works.
    expect((await dinoai(['schema', 'pull', '--max-response-bytes', '1000000'], server.url)).code).toBe(1)
  })

  test('an introspection answer that does not build a schema', async () => {
    const broken = introspectionOf(checkedIn)
    const types = broken.__schema.types.filter((t) => t.name !== 'DinoAiAgentMessage')
    const endpoint = await rawServer(() => json({ data: { __schema: { ...broken.__schema, types } } }))
    const stderr = await failingPull(endpoint)
    expect(stderr).toMatch(
      /^error: The introspection answer of .* does not build a schema: .*DinoAiAgentMessage/m,
    )
  })

  test('an introspection answer without a Query type', async () => {
    const answer = introspectionOf(checkedIn)
    const endpoint = await rawServer(() =>
      json({ data: { __schema: { ...answer.__schema, queryType: null } } }),
    )
    const stderr = await failingPull(endpoint)
    expect(stderr).toMatch(/^error: The introspection answer of .* describes a schema without a Query type/m)
  })

  test('an answer without __schema', async () => {
    const endpoint = await rawServer(() => json({ data: { something: 1 } }))
    const stderr = await failingPull(endpoint)
    expect(stderr).toMatch(/answered the introspection query without a __schema/)
  })

  test('a --documents glob that matches nothing fails before any request', async () => {
    const server = await mock()
    const stderr = await failingPull(server.url, ['--documents', 'src/**/*.graphql'])
    expect(stderr).toMatch(/--documents "src\/\*\*\/\*\.graphql" matches no file/)
    expect(server.requests).toHaveLength(0)
  })

  test('check without a schema file to compare with', async () => {
    const server = await mock()
    workDir()
    const { code, stderr } = await dinoai(['schema', 'check'], server.url)
    expect(code).toBe(2)
    expect(stderr).toMatch(/schema\.graphql does not exist: there is nothing to check/)
    expect(server.requests).toHaveLength(0)
  })

  test('missing credentials: the usual message, exit 2', async () => {
    workDir(checkedIn)
    let stderr = ''
    const code = await runCli(['schema', 'pull'], {
      env: {},
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: undefined,
      cwd: dir,
    })
    expect(code).toBe(2)
    expect(stderr).toMatch(/^Missing API credentials: set PARADIME_API_ENDPOINT/)
  })
})

describe('dinoai mock-server --schema FILE', () => {
  /** `dinoai mock-server --port 0 ...args` in-process until `stop()`; resolves once it listens. */
  async function mockServer(args: string[]) {
    const stop = new AbortController()
    let stdout = ''
    let stderr = ''
    let listening: (banner: string) => void = () => {}
    const banner = new Promise<string>((resolve) => {
      listening = resolve
    })
    const exited = runCli(['mock-server', '--port', '0', ...args], {
      env: {},
      stdout: {
        write: (text: string) => {
          stdout += text
          if (stdout.includes('Press Ctrl-C')) listening(stdout)
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: undefined,
      signal: stop.signal,
      cwd: dir,
    })
    const first = await Promise.race([banner, exited.then((code) => `exited ${code}`)])
    const env = Object.fromEntries(
      [...first.matchAll(/export (PARADIME_\w+)=(\S+)/g)].map((m) => [m[1], m[2]]),
    )
    const close = async () => {
      stop.abort()
      return exited
    }
    return { first, env, stderr: () => stderr, stop: close }
  }

  test('serves the file: a pull from it writes that schema, and the field it adds answers', async () => {
    const cwd = workDir(checkedIn)
    const cost = freshName(namesIn(checkedIn, 'DinoAiAgentRun'), 'costUsd')
    const grown = editType(checkedIn, 'DinoAiAgentRun', (fields) => [...fields, fieldNode(`${cost}: Float`)])
    writeFileSync(join(cwd, 'next.graphql'), printSchema(buildASTSchema(grown)))
    const server = await mockServer(['--schema', 'next.graphql'])
    expect(server.first).toContain('Serving the schema in next.graphql.')
    try {
      let stdout = ''
      const code = await runCli(['schema', 'pull'], {
        env: server.env,
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: () => true },
        stdin: undefined,
        cwd,
      })
      expect(code).toBe(1)
      expect(stdout).toContain(`  safe       Field '${cost}' was added to object type 'DinoAiAgentRun'`)
      expect(readFileSync(join(cwd, 'schema.graphql'), 'utf8')).toContain(`  ${cost}: Float\n}`)

      const client = createDinoAiClient({
        endpoint: server.env.PARADIME_API_ENDPOINT,
        apiKey: server.env.PARADIME_API_KEY,
        apiSecret: server.env.PARADIME_API_SECRET,
      })
      const { agentSessionId } = await client.triggerRun({ message: 'hi' })
      const data = await client.request<{ dinoaiAgentRun: Record<string, unknown> }, { id: string }>(
        parse(`query Cost($id: String!) { dinoaiAgentRun(agentSessionId: $id) { ${cost} } }`),
        { id: agentSessionId },
      )
      expect(typeof data.dinoaiAgentRun[cost]).toBe('number')
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  test('a file that is missing or no schema: exit 2, saying which', async () => {
    const cwd = workDir()
    writeFileSync(join(cwd, 'broken.graphql'), 'type Query { run: Nope }')
    const missing = await mockServer(['--schema', 'nope.graphql'])
    expect(missing.first).toBe('exited 2')
    expect(missing.stderr()).toMatch(
      /^error: Cannot read --schema nope\.graphql \(ENOENT\): pass an SDL file/,
    )
    const broken = await mockServer(['--schema', 'broken.graphql'])
    expect(broken.first).toBe('exited 2')
    expect(broken.stderr()).toBe(
      'error: --schema broken.graphql: schema is not a valid GraphQL schema: Unknown type "Nope".\n',
    )
  })
})
