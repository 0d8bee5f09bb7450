import { readFileSync, writeFileSync } from 'node:fs'
import { DinoAiAgentRunDocument, schemaSdl, TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import {
  CassetteError,
  checkCassette,
  createMockDinoAi,
  startDinoAiRecorder,
  startMockDinoAiServer,
} from '@dinoai/testing'
import {
  buildSchema,
  type FieldNode,
  getNamedType,
  isLeafType,
  Kind,
  parse,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql'
import { describe, expect, test } from 'vitest'
import { exchangeLine, lines, post, useCassetteDir } from './cassette-helpers.js'

const cassettePath = useCassetteDir()
const HEADER = `${JSON.stringify({ cassette: 'dinoai', version: 1, schemaHash: 'sha256:x', recordedAt: '2026-11-01T00:00:00.000Z' })}\n`

/** A recorded run: a trigger, then `statuses.length` polls, each poll's answer taking `ms`. */
function runCassette(statuses: readonly string[], ms = 0): string {
  const run = (status: string) => ({
    ok: true,
    agentSessionId: '<session-1>',
    status,
    messages: [],
    childSessionIds: [],
    workspaceUid: 'w',
  })
  return (
    HEADER +
    exchangeLine({
      document: TriggerDinoAiAgentRunDocument,
      operationName: 'TriggerDinoaiAgentRun',
      variables: { agent: 'a' },
      body: {
        data: { triggerDinoaiAgentRun: { ok: true, agentSessionId: '<session-1>', status: 'queued' } },
      },
    }) +
    statuses
      .map((status, i) =>
        exchangeLine({
          document: DinoAiAgentRunDocument,
          operationName: 'DinoaiAgentRun',
          variables: { agentSessionId: '<session-1>' },
          body: { data: { dinoaiAgentRun: run(status) } },
          at: (i + 1) * 10_000,
          ms,
        }),
      )
      .join('')
  )
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>

/** Triggers agent 'a' and polls until a terminal status or an error: the statuses, and the session id. */
async function runToEnd(fetchFn: Fetch, url: string, polls = 3) {
  const trigger = await post(fetchFn, url, TriggerDinoAiAgentRunDocument, { agent: 'a' })
  const agentSessionId: string = trigger.body.data.triggerDinoaiAgentRun.agentSessionId
  const statuses: string[] = []
  for (let i = 0; i < polls; i++) {
    const read = await post(fetchFn, url, DinoAiAgentRunDocument, { agentSessionId })
    statuses.push(read.body.data.dinoaiAgentRun.status)
  }
  return { agentSessionId, statuses }
}

describe('replay on the mock clock', () => {
  test('recorded latencies pass on mock.clock, not in real time', async () => {
    // Ten minutes per answer: a replay that waited in real time would outlast the test timeout.
    const mock = createMockDinoAi({
      replay: { cassette: 'long.ndjson', text: runCassette(['QUEUED', 'RUNNING', 'COMPLETED'], 600_000) },
    })
    const start = mock.clock.now()
    const { statuses } = await runToEnd(mock.fetch, mock.url)
    expect(statuses).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
    expect(mock.clock.now() - start).toBe(1_800_000)
    mock.replay.assertDone()
  })

  test("latency: 'none' answers at once: the clock does not move", async () => {
    const mock = createMockDinoAi({
      replay: {
        cassette: 'long.ndjson',
        text: runCassette(['QUEUED', 'COMPLETED'], 600_000),
        latency: 'none',
      },
    })
    const start = mock.clock.now()
    await runToEnd(mock.fetch, mock.url, 2)
    expect(mock.clock.now()).toBe(start)
  })
})

describe('one cassette, many tests', () => {
  test('parallel replays of one cassette hand out different session ids and each gets the whole run', async () => {
    const file = cassettePath()
    writeFileSync(file, runCassette(['QUEUED', 'RUNNING', 'COMPLETED']))
    const mocks = Array.from({ length: 4 }, () => createMockDinoAi({ replay: file }))
    const results = await Promise.all(mocks.map((mock) => runToEnd(mock.fetch, mock.url)))
    expect(new Set(results.map((r) => r.agentSessionId)).size).toBe(4)
    for (const result of results) expect(result.statuses).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
    for (const mock of mocks) mock.replay.assertDone()
  })

  test('repeat serves the recording again for each new run, interleaved, each in its own pass', async () => {
    const text = runCassette(['QUEUED', 'RUNNING', 'COMPLETED'])
    const once = createMockDinoAi({ replay: { cassette: 'c.ndjson', text } })
    await runToEnd(once.fetch, once.url)
    expect((await post(once.fetch, once.url, TriggerDinoAiAgentRunDocument, { agent: 'a' })).status).toBe(500)

    const server = await startMockDinoAiServer({ replay: { cassette: 'c.ndjson', text, repeat: true } })
    try {
      const results = await Promise.all([1, 2, 3].map(() => runToEnd(fetch, server.url)))
      for (const result of results) expect(result.statuses).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
      expect(new Set(results.map((r) => r.agentSessionId)).size).toBe(3)
      server.replay.assertDone()
      // A session's own pass is used up: a fourth poll of it is unmatched, not taken from another pass.
      const extra = await post(fetch, server.url, DinoAiAgentRunDocument, {
        agentSessionId: results[0]?.agentSessionId,
      })
      expect(extra.status).toBe(500)
    } finally {
      await server.close()
    }
  })

  test('reset() starts the cassette over', async () => {
    const mock = createMockDinoAi({ replay: { cassette: 'c.ndjson', text: runCassette(['COMPLETED']) } })
    const first = await runToEnd(mock.fetch, mock.url, 1)
    mock.reset()
    expect(mock.replay.pending).toHaveLength(2)
    const second = await runToEnd(mock.fetch, mock.url, 1)
    expect(second.statuses).toEqual(['COMPLETED'])
    expect(second.agentSessionId).not.toBe(first.agentSessionId)
  })
})

describe('faults recorded during a recording replay faithfully', () => {
  test('a reset and a 500 from upstream come back as a reset and the same 500', async () => {
    const file = cassettePath()
    const upstream = await startMockDinoAiServer()
    const recorder = await startDinoAiRecorder({ upstream: upstream.url, cassette: file })
    const script = async (url: string) => {
      const trigger = await post(fetch, url, TriggerDinoAiAgentRunDocument, { agent: 'a' })
      const agentSessionId = trigger.body.data.triggerDinoaiAgentRun.agentSessionId
      const reset = await post(fetch, url, DinoAiAgentRunDocument, { agentSessionId }).catch(
        (e: unknown) => e,
      )
      const failed = await post(fetch, url, DinoAiAgentRunDocument, { agentSessionId })
      const read = await post(fetch, url, DinoAiAgentRunDocument, { agentSessionId })
      return { reset, failed, status: read.body.data.dinoaiAgentRun.status }
    }
    let recorded: Awaited<ReturnType<typeof script>>
    try {
      upstream.failNext(1, { kind: 'network', afterProcessing: true }, 'DinoaiAgentRun')
      upstream.failNext(1, { kind: 'http', status: 500 }, 'DinoaiAgentRun')
      recorded = await script(recorder.url)
    } finally {
      await recorder.close()
      await upstream.close()
    }
    // Through the recorder, the upstream reset reset the client's connection too.
    expect(recorded.reset).toBeInstanceOf(TypeError)
    expect(recorded.failed.status).toBe(500)
    expect(lines(readFileSync(file, 'utf8')).map((l) => l.response?.network ?? l.response?.status)).toEqual([
      undefined,
      200,
      'ECONNRESET',
      500,
      200,
    ])

    const replay = await startMockDinoAiServer({ replay: file })
    try {
      const replayed = await script(replay.url)
      expect(replayed.reset).toBeInstanceOf(TypeError)
      expect(replayed.failed).toEqual(recorded.failed)
      expect(replayed.status).toBe(recorded.status)
      replay.replay.assertDone()
    } finally {
      await replay.close()
    }
  })
})

describe('broken cassettes are clear errors with file and line', () => {
  const loading = (file: string) => () => createMockDinoAi({ replay: file })

  test('a last line cut short', () => {
    const file = cassettePath()
    const whole = runCassette(['QUEUED', 'COMPLETED'])
    writeFileSync(file, whole.slice(0, whole.length - 40))
    const error = (() => {
      try {
        loading(file)()
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(CassetteError)
    expect(error).toMatchObject({ kind: 'format', file, line: 4 })
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: not valid JSON \\(.*\\)\\. It is the last line and has no newline: cut short`,
      ),
    )
  })

  test.each([
    ['a line of garbage', (t: string) => t.replace('{"at":0', 'garbage{"at":0'), /:2: not valid JSON/],
    [
      'an exchange without its answer',
      (t: string) => t.replace('"response":{', '"answer":{'),
      /:2: not an exchange: "response" must be an object\./,
    ],
    [
      'a status that is no HTTP status',
      (t: string) => t.replace('"status":200', '"status":"ok"'),
      /:2: not an exchange: "response.status" must be an HTTP status from 100 to 599, got "ok"\./,
    ],
    [
      'a newer format',
      (t: string) => t.replace('"version":1', '"version":9'),
      /:1: format version 9 is newer than this @dinoai\/testing reads \(1\): upgrade/,
    ],
    ['a line that is not an object', (t: string) => `${t}[1,2]\n`, /:6: each line must be a JSON object/],
  ])('%s', (_name, edit, message) => {
    const file = cassettePath()
    writeFileSync(file, edit(runCassette(['QUEUED', 'RUNNING', 'COMPLETED'])))
    expect(loading(file)).toThrow(CassetteError)
    expect(loading(file)).toThrow(message)
  })

  test('a missing file says to record it first', () => {
    const file = `${cassettePath()}.missing`
    expect(loading(file)).toThrow(`${file}: cannot read the cassette: no such file: record it first`)
  })

  test('checkCassette lists every problem, each with its line; loading names the first and counts the rest', () => {
    const file = cassettePath()
    writeFileSync(file, `${runCassette(['QUEUED'])}not json\n{}\n`)
    const report = checkCassette(file)
    expect(report.problems.map((p) => [p.line, p.kind])).toEqual([
      [4, 'format'],
      [5, 'format'],
    ])
    expect(report.exchanges).toBe(2)
    expect(loading(file)).toThrow(
      /:4: not valid JSON .* \(and 1 more problem: dinoai cassette check .* lists them\)/,
    )
  })
})

/**
 * The schema with one field that DinoAiAgentRunDocument reads renamed, found through the AST (no
 * names pinned): the first leaf field under the document's top-level field. Returns the new SDL
 * and the JSON path a stale answer is reported at.
 */
function renameAFieldTheRunDocumentReads(): { sdl: string; path: string } {
  const schema = buildSchema(schemaSdl)
  const typeInfo = new TypeInfo(schema)
  let top: FieldNode | undefined
  let found: { type: string; field: FieldNode } | undefined
  visit(
    DinoAiAgentRunDocument,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (!top) top = node
        const parent = typeInfo.getParentType()
        const type = typeInfo.getType()
        if (!found && node !== top && parent && type && isLeafType(getNamedType(type)))
          found = { type: parent.name, field: node }
      },
    }),
  )
  if (!top || !found) throw new Error('DinoAiAgentRunDocument reads no leaf field')
  const { type, field } = found
  const sdl = print(
    visit(parse(schemaSdl), {
      ObjectTypeDefinition(node) {
        if (node.name.value !== type) return undefined
        return {
          ...node,
          fields: node.fields?.map((f) =>
            f.name.value === field.name.value
              ? { ...f, name: { kind: Kind.NAME, value: `${f.name.value}Renamed` } }
              : f,
          ),
        }
      },
    }),
  )
  return { sdl, path: `data.${(top.alias ?? top.name).value}.${(field.alias ?? field.name).value}` }
}

describe('cassettes meet the current schema', () => {
  test('after a field is renamed, loading fails with the line and the path of the field that no longer fits', () => {
    const file = cassettePath()
    writeFileSync(file, runCassette(['QUEUED', 'COMPLETED']))
    const { sdl, path } = renameAFieldTheRunDocumentReads()
    expect(() => createMockDinoAi({ replay: file })).not.toThrow()
    const stale = () => createMockDinoAi({ replay: file, schemaSdl: sdl })
    expect(stale).toThrow(CassetteError)
    expect(stale).toThrow(
      new RegExp(
        `:3: DinoaiAgentRun: the recorded document no longer fits the schema at ${path.replaceAll('.', '\\.')}: Cannot query field .*record the cassette again\\. \\(and 1 more problem`,
      ),
    )
    const report = checkCassette(file, { schemaSdl: sdl })
    expect(report.problems.map((p) => [p.line, p.kind])).toEqual([
      [3, 'stale'],
      [4, 'stale'],
    ])
  })
})
