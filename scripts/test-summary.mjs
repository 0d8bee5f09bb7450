// Sums the per-project vitest JSON reports (fresh or restored from turbo's cache) into one
// closing line, so a reader of the CI log sees how many tests ran in all: the packages and the
// example apps, each named as in its package.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
let passed = 0
let failed = 0
let skipped = 0
for (const group of ['packages', 'examples']) {
  const groupDir = join(root, group)
  if (!existsSync(groupDir)) continue
  for (const name of readdirSync(groupDir)) {
    const report = join(groupDir, name, '.test-results', 'vitest.json')
    if (!existsSync(report)) continue
    const r = JSON.parse(readFileSync(report, 'utf8'))
    const { name: packageName } = JSON.parse(readFileSync(join(groupDir, name, 'package.json'), 'utf8'))
    passed += r.numPassedTests
    failed += r.numFailedTests
    skipped += r.numPendingTests + r.numTodoTests
    console.log(`  ${packageName}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)
  }
}
if (passed + failed === 0) {
  console.error('No test results found: did any test run?')
  process.exit(1)
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
