// Two figures, each a ratio against a baseline measured in the same run (absolute numbers depend
// on the machine). Run with `pnpm bench` (builds dist first).
//  1. Requests to watch 100 concurrent runs to completion: one client (shared, batched poller)
//     against one client per run. Target: at least 50x fewer.
//  2. Per-call time of getRun against a raw fetch of the same document to the in-process mock.
//     Target: at most 1.15x the raw time, with response validation on (it always is).
//  3. What validation costs: checking an answer's envelope and data against the generated shape,
//     against the JSON.parse that any client does anyway, on the same body.

import { DinoAiAgentRunDocument, findMismatch, resultShapeOf } from '@dinoai/operations'
import { createMockDinoAi } from '@dinoai/testing'
import { Client, fetchExchange, stringifyDocument } from '@urql/core'
import { reportFigure } from '../../../scripts/bench-report.mjs'
import { createDinoAiClient, VERSION } from '../dist/index.js'
// An internal module of the dist, measured alone: what the client runs on every answer.
import { parseEnvelope } from '../dist/wire/envelope.js'

const RUNS = 100
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1000)
const endpoint = 'https://dinoai.mock/graphql'
const credentials = { apiKey: 'bench-key', apiSecret: 'bench-secret' }
// Short real delays keep the bench quick; the shape (1st delay, doubling, cap) is the default one.
const wait = { minDelayMs: 2, pollIntervalMs: 20 }

const isRead = (r) => r.operationName === 'DinoaiAgentRun' || r.operationName === 'DinoaiAgentRunBatch'

async function watchRequests(sharedClient) {
  const mock = createMockDinoAi()
  const make = () => createDinoAiClient({ endpoint, ...credentials, fetch: mock.fetch })
  const shared = make()
  const ids = []
  for (let i = 0; i < RUNS; i++) ids.push((await shared.triggerRun({ message: `run ${i}` })).agentSessionId)
  const before = mock.requests.filter(isRead).length
  const runs = await Promise.all(ids.map((id) => (sharedClient ? shared : make()).waitForRun(id, wait)))
  if (!runs.every((r) => r.status === 'COMPLETED')) throw new Error('a run did not complete')
  return mock.requests.filter(isRead).length - before
}

const perRun = await watchRequests(false)
const batched = await watchRequests(true)
const requestRatio = perRun / batched

const mock = createMockDinoAi()
const client = createDinoAiClient({ endpoint, ...credentials, fetch: mock.fetch })
const { agentSessionId } = await client.triggerRun({ message: 'bench' })
const query = stringifyDocument(DinoAiAgentRunDocument)
// The request the client sends, by hand: the same body and the same headers (what the mock does
// with each header is its cost, not the client's). Called as a task with no argument; the
// abortable reference below passes a signal.
const rawRead = async (signal) => {
  const response = await mock.fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'x-api-key': credentials.apiKey,
      'x-api-secret': credentials.apiSecret,
      'user-agent': `dinoai-typescript/${VERSION} node/${process.versions.node}`,
      'x-dinoai-sdk-version': VERSION,
    },
    body: JSON.stringify({ operationName: 'DinoaiAgentRun', query, variables: { agentSessionId } }),
    signal,
  })
  const body = await response.json()
  if (!body.data) throw new Error('raw read failed')
}
// The same raw read made abortable the way requestTimeoutMs needs (an AbortController whose signal
// the fetch gets, and a timer cleared on completion): a reference for what cancellability costs.
const rawAbortableRead = async () => {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error('timed out')), 30_000)
  try {
    await rawRead(controller.signal)
  } finally {
    clearTimeout(timer)
  }
}
const clientRead = async () => {
  await client.getRun(agentSessionId)
}

// Interleaved samples (raw, client, raw, client, ...) and medians: on a busy machine, timing the
// two back to back in separate phases measures the machine's mood more than the code.
const urql = new Client({
  url: endpoint,
  exchanges: [fetchExchange],
  fetch: mock.fetch,
  preferGetMethod: false,
  requestPolicy: 'network-only',
})
const urqlRead = () => urql.query(DinoAiAgentRunDocument, { agentSessionId }).toPromise()
const tasks = { raw: rawRead, client: clientRead, urql: urqlRead }
const samples = { raw: [], client: [], urql: [] }
const deadline = performance.now() + TIME_MS * 3
for (let i = 0; i < 50; i++) for (const task of Object.values(tasks)) await task() // warm-up
while (performance.now() < deadline) {
  for (const [name, task] of Object.entries(tasks)) {
    const start = performance.now()
    await task()
    samples[name].push(performance.now() - start)
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const rawMs = median(samples.raw)
const clientMs = median(samples.client)
const urqlMs = median(samples.urql)
// A separate phase, so that the reference does not disturb the figures above.
const abortable = { raw: [], rawAbortable: [] }
const abortableDeadline = performance.now() + TIME_MS
while (performance.now() < abortableDeadline) {
  for (const [name, task] of [
    ['raw', rawRead],
    ['rawAbortable', rawAbortableRead],
  ]) {
    const start = performance.now()
    await task()
    abortable[name].push(performance.now() - start)
  }
}
const abortableRatio = median(abortable.rawAbortable) / median(abortable.raw)
const overhead = clientMs / rawMs

// Validation alone, on the body the mock really sends for this run, its transcript grown to 50
// messages (a long conversation), since the shape walk grows with the answer and JSON.parse too.
const answered = await (
  await mock.fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': credentials.apiKey,
      'x-api-secret': credentials.apiSecret,
    },
    body: JSON.stringify({ operationName: 'DinoaiAgentRun', query, variables: { agentSessionId } }),
  })
).json()
const messages = answered.data.dinoaiAgentRun.messages
answered.data.dinoaiAgentRun.messages = Array.from({ length: 50 }, (_, i) => ({
  ...messages[i % messages.length],
  ts: 1714142436.5 + i,
}))
const bodyText = JSON.stringify(answered)
const validate = () => {
  const envelope = parseEnvelope(bodyText)
  if (findMismatch(envelope.data, resultShapeOf(DinoAiAgentRunDocument)))
    throw new Error('the mock answer does not validate')
}
const parseOnly = () => JSON.parse(bodyText)
const perCall = (task, n) => {
  const start = performance.now()
  for (let i = 0; i < n; i++) task()
  return (performance.now() - start) / n
}
const validation = { parse: [], validate: [] }
for (let round = 0; round < 21; round++) {
  validation.parse.push(perCall(parseOnly, 2_000))
  validation.validate.push(perCall(validate, 2_000))
}
const parseMs = median(validation.parse)
const validateMs = median(validation.validate)
const validationShare = (validateMs - parseMs) / clientMs

const verdict = (ok) => (ok ? 'PASS' : 'MISS')
console.log(`\n@dinoai/client bench (${RUNS} concurrent runs; medians of interleaved samples)`)
console.log(
  `  watch ${RUNS} runs to completion: ${perRun} requests with one poller per run, ${batched} with the shared poller`,
)
console.log(
  `    => ${requestRatio.toFixed(1)}x fewer requests (target >= 50x) ${verdict(requestRatio >= 50)}`,
)
console.log(
  `  getRun per call: ${(clientMs * 1000).toFixed(1)} us vs raw fetch ${(rawMs * 1000).toFixed(1)} us of the same document`,
)
console.log(`    => ${overhead.toFixed(2)}x the raw time (target <= 1.15x) ${verdict(overhead <= 1.15)}`)
console.log(
  `  for reference, a bare urql core client (fetchExchange only) on the same document: ${(urqlMs * 1000).toFixed(1)} us = ${(urqlMs / rawMs).toFixed(2)}x raw; the client adds ${(clientMs / urqlMs).toFixed(2)}x over it (${samples.raw.length} interleaved samples each)`,
)
console.log(
  `  validation: envelope + shape check of this answer (${bodyText.length} bytes) ${(validateMs * 1000).toFixed(1)} us vs JSON.parse alone ${(parseMs * 1000).toFixed(1)} us => ${(validateMs / parseMs).toFixed(2)}x; it adds ${((validateMs - parseMs) * 1000).toFixed(1)} us, ${(validationShare * 100).toFixed(1)}% of a getRun`,
)
console.log(
  `  and, measured apart, the raw fetch made abortable as requestTimeoutMs needs (AbortController signal + timer) is ${abortableRatio.toFixed(2)}x the plain raw fetch`,
)
reportFigure({
  id: 'watch-100',
  title: `Requests to watch ${RUNS} concurrent runs to completion`,
  ours: { label: 'shared, batched poller', value: batched, unit: 'requests' },
  baseline: { label: 'one poller per run', value: perRun, unit: 'requests' },
  ratio: requestRatio,
  ratioText: `${requestRatio.toFixed(1)}x fewer requests`,
  target: '>= 50x fewer',
  met: requestRatio >= 50,
})
reportFigure({
  id: 'getrun-raw',
  title: 'getRun per call against a raw fetch of the same document (in-process mock, medians)',
  ours: { label: 'getRun', value: clientMs * 1000, unit: 'µs' },
  baseline: { label: 'raw fetch', value: rawMs * 1000, unit: 'µs' },
  ratio: overhead,
  ratioText: `${overhead.toFixed(2)}x the raw time`,
  target: '<= 1.15x',
  met: overhead <= 1.15,
})
reportFigure({
  id: 'getrun-urql',
  title: 'getRun per call against a bare urql core client (fetchExchange only) on the same document',
  ours: { label: 'getRun', value: clientMs * 1000, unit: 'µs' },
  baseline: { label: 'bare urql client', value: urqlMs * 1000, unit: 'µs' },
  ratio: clientMs / urqlMs,
  ratioText: `${(clientMs / urqlMs).toFixed(2)}x the urql time`,
})
reportFigure({
  id: 'validation',
  title: `What response validation costs: envelope and shape check of a run answer (${bodyText.length} bytes) against JSON.parse of it`,
  ours: { label: 'parse + validate', value: validateMs * 1000, unit: 'µs' },
  baseline: { label: 'JSON.parse alone', value: parseMs * 1000, unit: 'µs' },
  ratio: validateMs / parseMs,
  ratioText: `${(validateMs / parseMs).toFixed(2)}x JSON.parse; +${((validateMs - parseMs) * 1000).toFixed(1)} µs = ${(validationShare * 100).toFixed(1)}% of a getRun`,
})
// Figures are reported, not enforced, unless BENCH_STRICT=1 (timings depend on the machine).
if (process.env.BENCH_STRICT === '1' && (requestRatio < 20 || overhead > 1.3)) process.exitCode = 1
