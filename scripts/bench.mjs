// `pnpm bench`: builds the packages, runs every bench one after another (alone on the machine, so
// they do not disturb each other), and writes BENCHMARKS.md from the figures they report
// (scripts/bench-report.mjs): the machine, the date, and every figure as a ratio of two
// measurements taken in the same run. Not part of `pnpm test`.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

/** Each bench: its script, the folder it runs in, and what its figures show. */
const BENCHES = [
  { dir: 'packages/client', script: 'bench/run.mjs' },
  { dir: 'packages/client', script: 'bench/lag.mjs' },
  { dir: 'packages/client', script: 'bench/downstream.mjs' },
  { dir: 'packages/testing', script: 'bench/run.mjs' },
  { dir: 'packages/testing', script: 'bench/cassette.mjs' },
  { dir: 'packages/operations', script: 'bench/shapes.mjs' },
  { dir: 'examples/browser', script: 'bench/size.mjs' },
  { dir: 'examples/queue', script: 'bench/run.mjs' },
]

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options })
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`)
    process.exit(1)
  }
}

// The benches load each package's dist, as users do.
run('pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  '--filter=@dinoai/client',
  '--filter=@dinoai/testing',
  '--filter=@dinoai/example-queue',
  '--output-logs=errors-only',
])

const scratch = mkdtempSync(join(tmpdir(), 'dinoai-bench-'))
const resultsFile = join(scratch, 'figures.ndjson')
writeFileSync(resultsFile, '')
const started = new Date()
// Other work on the machine skews absolute numbers more than ratios; the reader should know of it.
const loadAtStart = loadavg()[0]
try {
  for (const bench of BENCHES) {
    console.log(`\n=== ${bench.dir}/${bench.script}`)
    run(process.execPath, [bench.script], {
      cwd: join(root, bench.dir),
      env: { ...process.env, BENCH_RESULTS: resultsFile },
    })
  }
  const figures = readFileSync(resultsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
  writeFileSync(join(root, 'BENCHMARKS.md'), render(figures, started, loadAtStart))
  // Biome lays out Markdown tables; formatting here keeps the written file lint-clean.
  run(join(root, 'node_modules/.bin/biome'), ['format', '--write', 'BENCHMARKS.md'], { stdio: 'ignore' })
  console.log(`\nWrote BENCHMARKS.md (${figures.length} figures).`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

function machine() {
  const cpu = cpus()
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${process.platform} ${release()}`,
  }
}

function number(value) {
  if (Number.isInteger(value) || value >= 1000) return Math.round(value).toLocaleString('en-US')
  if (value >= 100) return value.toFixed(0)
  if (value >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

function render(figures, date, load) {
  const m = machine()
  const details = figures
    .filter((f) => f.details?.length)
    .map((f) => `- ${f.title}:\n${f.details.map((line) => `  - ${line}`).join('\n')}`)
  const rows = figures.map((f) => {
    const measured = `${f.ours.label}: ${number(f.ours.value)} ${f.ours.unit}; ${f.baseline.label}: ${number(f.baseline.value)} ${f.baseline.unit}`
    const target = f.target ? `${f.target} (${f.met ? 'met' : 'not met'})` : ''
    return `| ${f.title} | ${measured} | **${f.ratioText}** | ${target} |`
  })
  return `# Benchmarks

Written by \`pnpm bench\` (scripts/bench.mjs); do not edit by hand. Every figure is a ratio of two
measurements taken in the same run on the same machine, so it travels between machines far better
than the absolute numbers, which are shown for reference.

- Date: ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Machine: ${m.cpu}, ${m.cores} cores, ${m.memory} memory, ${m.os}
- Node.js ${m.node.replace(/^v/, '')}
- Load average when the benches started: ${load.toFixed(1)} (other processes compete for the ${m.cores} cores)

| figure | measured | ratio | target |
| --- | --- | --- | --- |
${rows.join('\n')}
${details.length ? `\n## Details\n\n${details.join('\n')}\n` : ''}
## How each figure is measured

- **Requests to watch 100 runs** (packages/client/bench/run.mjs): 100 runs triggered on the
  in-process mock, each waited for to completion, once with one client per run (one poller each)
  and once with one client (the shared poller, which batches reads of many sessions into one
  request). Counted: the HTTP requests that read runs.
- **getRun overhead** (same script): \`getRun\` against a raw \`fetch\` POST of the same document to
  the in-process mock, and against a bare \`@urql/core\` client with urql's own \`fetchExchange\`;
  medians of interleaved samples (raw, client, urql, raw, ...), so the machine's load hits all alike.
  The client validates every answer (size cap, envelope, data against the shape computed from the
  schema index), so the figure includes it.
- **Validation cost** (same script): the client's envelope parse and shape check of a run answer with
  a 50-message transcript, against \`JSON.parse\` of the same text (which every client pays), in loops of
  2 000 calls, median of 21 rounds; the difference is also shown as a share of one \`getRun\`.
- **Detection lag** (packages/client/bench/lag.mjs): runs of a spread of lengths on the mock's
  time-driven mode (\`advance: { everyMs }\`) with its virtual clock; for each run, the time from
  its completion to the moment \`waitForRun\` (default backoff: 1 s doubling to 10 s, jitter) returns,
  against a loop that reads the run every 10 s; and the reads each needed.
- **Downstream test** (packages/client/bench/downstream.mjs): the wall time of one test a user would
  write (a fresh mock, a client with \`clock: mock.clock\`, \`triggerRunAndWait\` with default options)
  against one \`getRun\` round trip on the in-process mock; medians.
- **Mock throughput** (packages/testing/bench/run.mjs): \`dinoaiAgentRun\` polls per second of the mock
  against graphql-yoga serving the same schema with \`@graphql-tools/mock\`, in-process (\`mock.fetch\`
  vs \`yoga.fetch\`) and over loopback HTTP (both on node:http), with tinybench.
- **Cassette load** (packages/testing/bench/cassette.mjs): a cassette of 10,000 exchanges (1,000
  sessions of a trigger, eight reads and a follow-up) loaded for replay with
  \`createMockDinoAi({ replay })\` (read, every line checked, every recorded document and answer
  checked against the schema, indexed for matching) against reading the same file and \`JSON.parse\` of
  each line; medians of interleaved samples. Target: under 1 s.
- **Schema index and result shapes** (packages/operations/bench/shapes.mjs): esbuild bundles
  (browser, ESM, minified) of \`schemaIndex\` alone and of \`schemaSdl\` alone; and \`resultShapeOf\` of
  the run-with-steps document on 500 document objects it has not seen (clones made beforehand)
  against 10 000 calls on one it has, per call, median of 21 rounds.
- **Bundle size** (examples/browser/bench/size.mjs): esbuild bundles (browser, ESM, minified) of an
  app that only reads runs (\`createDinoAiConnection\` and \`getRun\`), of one that triggers, waits for
  and watches runs with \`createDinoAiClient\`, and of the least an app needs with \`@urql/core\` alone to
  read a run; gzip level 9.
- **Queue** (examples/queue/bench/run.mjs): 300 BullMQ jobs on a redis-server of the bench's own and the
  HTTP mock, run by \`dinoai-queue worker\` processes polling every 40 ms (each run takes 9 reads on the
  mock, which moves a run one step per read). API requests per run on 3 worker processes against one
  process holding all 300 (each process batches the reads of its sessions); and jobs per second from
  the first enqueue to the last completion on 3 workers against one client in one process driving the
  same runs with \`triggerRunAndWait\` (the workers also follow steps for progress, and write the session
  id and progress to Redis); medians of 3 rounds.
`
}
