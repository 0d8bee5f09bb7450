// Sums the per-project vitest JSON reports (fresh or restored from turbo's cache: the packages and
// the example apps, each named as in its package.json) and the consumer smoke's report into one
// closing line, so a reader of the CI log sees how many tests ran in all.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const reports = []
for (const group of ['packages', 'examples']) {
  const groupDir = join(root, group)
  if (!existsSync(groupDir)) continue
  for (const name of readdirSync(groupDir)) {
    const manifest = join(groupDir, name, 'package.json')
    if (!existsSync(manifest)) continue
    reports.push({
      label: JSON.parse(readFileSync(manifest, 'utf8')).name,
      path: join(groupDir, name, '.test-results', 'vitest.json'),
    })
  }
}
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
