// The cost of a downstream test: one test as a user of the SDK would write it (a fresh mock, a
// client on the mock's virtual clock, triggerRunAndWait with default options, i.e. 1 s doubling
// to 10 s polls) in wall time, against one getRun round trip on the in-process mock, measured in
// the same run (medians of interleaved samples). Run with `pnpm bench` (builds dist first).
import { createMockDinoAi } from '@dinoai/testing'
import { reportFigure } from '../../../scripts/bench-report.mjs'
import { createDinoAiClient } from '../dist/index.js'

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1000)
const credentials = { apiKey: 'bench-key', apiSecret: 'bench-secret' }

// The test: everything a user's test does, from creating the mock to the assertion.
async function downstreamTest() {
  const mock = createMockDinoAi()
  const dinoai = createDinoAiClient({
    endpoint: mock.url,
    ...credentials,
    fetch: mock.fetch,
    clock: mock.clock,
  })
  const run = await dinoai.triggerRunAndWait({ agent: 'data-quality-checker', message: 'Check stg_orders.' })
  if (run.status !== 'COMPLETED') throw new Error(`the run ended ${run.status}`)
}

const mock = createMockDinoAi()
const client = createDinoAiClient({ endpoint: mock.url, ...credentials, fetch: mock.fetch })
const { agentSessionId } = await client.triggerRun({ message: 'bench' })
const roundTrip = async () => {
  await client.getRun(agentSessionId)
}

// Virtual time one test waited out, for the report (the first test of a fresh mock).
const probe = createMockDinoAi()
const probeStart = probe.clock.now()
await createDinoAiClient({
  endpoint: probe.url,
  ...credentials,
  fetch: probe.fetch,
  clock: probe.clock,
}).triggerRunAndWait({
  message: 'probe',
})
const virtualMs = probe.clock.now() - probeStart

const samples = { test: [], getRun: [] }
for (let i = 0; i < 20; i++) {
  await downstreamTest()
  await roundTrip()
}
const deadline = performance.now() + TIME_MS * 3
while (performance.now() < deadline || samples.test.length < 30) {
  let start = performance.now()
  await downstreamTest()
  samples.test.push(performance.now() - start)
  start = performance.now()
  await roundTrip()
  samples.getRun.push(performance.now() - start)
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const testMs = median(samples.test)
const getRunMs = median(samples.getRun)
const ratio = testMs / getRunMs

console.log('\nA downstream test (fresh mock, clock: mock.clock, triggerRunAndWait with default options)')
console.log(
  `  one test: ${testMs.toFixed(2)} ms wall time, waiting out ${(virtualMs / 1000).toFixed(1)} s of virtual time`,
)
console.log(`  one getRun round trip: ${(getRunMs * 1000).toFixed(0)} µs`)
console.log(
  `  => one test costs ${ratio.toFixed(1)} getRun round trips (${samples.test.length} samples each; target <= 5)`,
)

reportFigure({
  id: 'downstream-test',
  title: `One downstream test (fresh mock, clock: mock.clock, triggerRunAndWait with default options, ${(virtualMs / 1000).toFixed(1)} s of virtual waiting) against one getRun round trip`,
  ours: { label: 'the test', value: testMs, unit: 'ms' },
  baseline: { label: 'getRun', value: getRunMs, unit: 'ms' },
  ratio,
  ratioText: `${ratio.toFixed(1)}x one getRun`,
  target: '<= 5x',
  met: ratio <= 5,
})
