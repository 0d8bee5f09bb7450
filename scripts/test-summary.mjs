// Sums the per-package vitest JSON reports (fresh or restored from turbo's cache) and the consumer
// smoke's report into one closing line, so a reader of the CI log sees how many tests ran in all.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const packagesDir = join(root, 'packages')
const reports = readdirSync(packagesDir).map((name) => ({
  label: `@dinoai/${name}`,
  path: join(packagesDir, name, '.test-results', 'vitest.json'),
}))
// Written by scripts/consumer-smoke.mjs: its checks on the packed packages and its vitest tests.
reports.push({ label: 'consumer smoke', path: join(root, '.test-results', 'consumer-smoke.json') })

let passed = 0
let failed = 0
let skipped = 0
for (const { label, path } of reports) {
  if (!existsSync(path)) continue
  const r = JSON.parse(readFileSync(path, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + r.numTodoTests
  console.log(`  ${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)
}
if (passed + failed === 0) {
  console.error('No test results found: did any test run?')
  process.exit(1)
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
