// Loading a cassette of 10,000 exchanges for replay (read, parse, check every line, check every
// recorded document against the schema and every recorded answer against its result shape, index
// for matching), as a ratio against only reading the same file and JSON.parse-ing its lines,
// measured in the same run (interleaved, medians). Run with `pnpm bench`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DinoAiAgentRunDocument,
  SendDinoAiAgentMessageDocument,
  TriggerDinoAiAgentRunDocument,
} from '@dinoai/operations'
import { print } from 'graphql'
import { reportFigure } from '../../../scripts/bench-report.mjs'
import { createMockDinoAi } from '../dist/index.js'

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 700)
const SESSIONS = 1000
// Per session: a trigger, eight reads and a follow-up: 10 exchanges.
const READS = 8

const trigger = print(TriggerDinoAiAgentRunDocument)
const read = print(DinoAiAgentRunDocument)
const send = print(SendDinoAiAgentMessageDocument)

function run(session, i) {
  const messages = [
    { ts: 1714142436 + i, role: 'user', content: 'Check stg_orders for rows without a customer.' },
  ]
  if (i >= READS - 2)
    messages.push({
      ts: 1714142500 + i,
      role: 'agent',
      content: 'stg_orders: 312 rows have no customer_id; a not_null test is missing.',
    })
  return {
    ok: true,
    agentSessionId: session,
    status: i < 2 ? 'QUEUED' : i < READS - 2 ? 'RUNNING' : 'COMPLETED',
    messages,
    childSessionIds: [],
    workspaceUid: 'bench-workspace',
  }
}

function exchange(at, operationName, query, variables, data) {
  return JSON.stringify({
    at,
    ms: 120,
    operationName,
    variables,
    queryHash: 'sha256:bench',
    query,
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: { data } },
  })
}

const lines = [
  JSON.stringify({
    cassette: 'dinoai',
    version: 1,
    schemaHash: 'sha256:bench',
    recordedAt: new Date().toISOString(),
  }),
]
for (let s = 1; s <= SESSIONS; s++) {
  const session = `<session-${s}>`
  const agentSessionId = session
  lines.push(
    exchange(
      s * 1000,
      'TriggerDinoaiAgentRun',
      trigger,
      { agent: 'data-quality-checker', message: `Check model ${s}` },
      {
        triggerDinoaiAgentRun: { ok: true, agentSessionId, status: 'queued' },
      },
    ),
  )
  for (let i = 0; i < READS; i++) {
    if (i === READS / 2)
      lines.push(
        exchange(
          s * 1000 + i,
          'SendDinoaiAgentMessage',
          send,
          { agentSessionId, message: 'And stg_payments?' },
          {
            sendDinoaiAgentMessage: { ok: true, agentSessionId, status: 'queued' },
          },
        ),
      )
    lines.push(
      exchange(s * 1000 + i, 'DinoaiAgentRun', read, { agentSessionId }, { dinoaiAgentRun: run(session, i) }),
    )
  }
}
const exchanges = lines.length - 1
const dir = mkdtempSync(join(tmpdir(), 'dinoai-cassette-bench-'))
const file = join(dir, 'bench.ndjson')
const text = `${lines.join('\n')}\n`
writeFileSync(file, text)

try {
  // A broken bench must not report a figure: the replay really loads all of it and answers from it.
  const probe = createMockDinoAi({ replay: file })
  if (probe.replay.pending.length !== exchanges)
    throw new Error(`loaded ${probe.replay.pending.length} of ${exchanges} exchanges`)

  // Interleaved samples (baseline, ours, baseline, ...), medians: load on the machine hits both alike.
  const rounds = Math.max(7, Math.round(TIME_MS / 50))
  const samples = { baseline: [], ours: [] }
  let parsed = 0
  for (let round = 0; round < rounds + 2; round++) {
    let start = performance.now()
    parsed = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line)).length
    const baselineMs = performance.now() - start
    start = performance.now()
    createMockDinoAi({ replay: file })
    const oursMs = performance.now() - start
    // The first two rounds warm the JIT up and are not counted.
    if (round >= 2) {
      samples.baseline.push(baselineMs)
      samples.ours.push(oursMs)
    }
  }
  if (parsed !== exchanges + 1) throw new Error(`parsed ${parsed} lines`)
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]
  const baseline = median(samples.baseline)
  const ours = median(samples.ours)
  const ratio = ours / baseline
  const size = `${(text.length / 1024 / 1024).toFixed(1)} MiB`
  console.log(`\n@dinoai/testing: a cassette of ${exchanges} exchanges (${size})\n`)
  console.log(`  JSON.parse of every line   ${baseline.toFixed(1).padStart(8)} ms`)
  console.log(`  load for replay            ${ours.toFixed(1).padStart(8)} ms   ratio ${ratio.toFixed(2)}x`)
  console.log(`\n  target: under 1 s -> ${ours < 1000 ? 'met' : 'NOT met'}\n`)
  reportFigure({
    id: 'cassette-load',
    title: `Cassette load: ${exchanges.toLocaleString('en-US')} exchanges (${size}) read, checked against the schema and indexed for replay`,
    ours: { label: 'createMockDinoAi({ replay })', value: ours, unit: 'ms' },
    baseline: { label: 'reading the file and JSON.parse of each line', value: baseline, unit: 'ms' },
    ratio,
    ratioText: `${ratio.toFixed(2)}x JSON.parse's time`,
    target: 'under 1 s',
    met: ours < 1000,
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
