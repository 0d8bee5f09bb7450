// What result shapes cost: the minified size of the generated schema index (it ships in browser
// bundles) against the schema SDL it stands in for, and the time of a first resultShapeOf call
// (which walks the document) against a later one (a cache lookup). Reads the package's dist, as
// users get it (`pnpm bench` builds it first).
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { reportFigure } from '../../../scripts/bench-report.mjs'
import {
  DinoAiAgentRunDocument,
  DinoAiAgentRunWithStepsDocument,
  findMismatch,
  resultShapeOf,
} from '../dist/index.js'

const resolveDir = new URL('.', import.meta.url).pathname

async function sizeOf(contents) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

const index = await sizeOf("export { schemaIndex } from '../dist/generated/schema-index.js'")
const sdl = await sizeOf("export { schemaSdl } from '../dist/generated/schema.js'")
const validation = await sizeOf("export { schemaIndex, resultShapeOf, findMismatch } from '../dist/index.js'")

// First calls: each on a document object not seen before (clones made up front, outside the timing).
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const ROUNDS = 21
const CALLS = 500
const timing = { first: [], cached: [] }
for (let round = 0; round < ROUNDS; round++) {
  const fresh = Array.from({ length: CALLS }, () => structuredClone(DinoAiAgentRunWithStepsDocument))
  let start = performance.now()
  for (const document of fresh) resultShapeOf(document)
  timing.first.push((performance.now() - start) / CALLS)
  start = performance.now()
  for (let i = 0; i < CALLS * 20; i++) resultShapeOf(DinoAiAgentRunWithStepsDocument)
  timing.cached.push((performance.now() - start) / (CALLS * 20))
}
const firstUs = median(timing.first) * 1000
const cachedUs = median(timing.cached) * 1000
if (findMismatch({ dinoaiAgentRun: null }, resultShapeOf(DinoAiAgentRunDocument)) === undefined)
  throw new Error('the run shape should refuse a null run')

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`
console.log('\n@dinoai/operations result shapes')
console.log(
  `  schemaIndex: ${index.min} B min, ${index.gzip} B min+gzip; schemaSdl: ${sdl.min} B min, ${sdl.gzip} B min+gzip`,
)
console.log(
  `  index + resultShapeOf + findMismatch: ${kb(validation.min)} min, ${kb(validation.gzip)} min+gzip`,
)
console.log(`  resultShapeOf: first call ${firstUs.toFixed(2)} us, cached ${cachedUs.toFixed(3)} us`)

reportFigure({
  id: 'schema-index-size',
  title: 'Generated schema index, minified (esbuild), against the schema SDL string it stands in for',
  ours: { label: 'schemaIndex', value: index.min, unit: 'B' },
  baseline: { label: 'schemaSdl', value: sdl.min, unit: 'B' },
  ratio: index.min / sdl.min,
  ratioText: `${(index.min / sdl.min).toFixed(2)}x the SDL's size`,
  target: '~1-2 KiB minified',
  met: index.min <= 2048,
  details: [
    `min+gzip: ${index.gzip} B against ${sdl.gzip} B`,
    `the index with resultShapeOf and findMismatch, as the client ships them: ${kb(validation.min)} minified, ${kb(validation.gzip)} min+gzip`,
  ],
})
reportFigure({
  id: 'result-shape-first-call',
  title: "resultShapeOf of DinoaiAgentRunWithSteps: a document's first call against a cached one",
  ours: { label: 'first call', value: firstUs, unit: 'µs' },
  baseline: { label: 'cached call', value: cachedUs, unit: 'µs' },
  ratio: firstUs / cachedUs,
  ratioText: `${(firstUs / cachedUs).toFixed(0)}x a cached call, paid once per document`,
})
