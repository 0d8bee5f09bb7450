// Sums the per-package vitest JSON reports (fresh or restored from turbo's cache) into one
// closing line, so a reader of the CI log sees how many tests ran in all.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const packagesDir = resolve(import.meta.dirname, '..', 'packages')
let passed = 0
let failed = 0
let skipped = 0
for (const name of readdirSync(packagesDir)) {
  const report = join(packagesDir, name, '.test-results', 'vitest.json')
  if (!existsSync(report)) continue
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + r.numTodoTests
  console.log(`  @dinoai/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)
}
if (passed + failed === 0) {
  console.error('No test results found: did any test run?')
  process.exit(1)
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
