// The consumer smoke's output: one line per check, the failing command's own words under a failed
// one, a closing "Smoke: N passed, N failed" line, and a vitest-shaped JSON report that
// scripts/test-summary.mjs adds to the project's total.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`

/** Indents a failure's details under its line, keeping the last `maxLines` lines (the error is at the end). */
function indent(text, maxLines = 60) {
  const lines = text.trim().split('\n')
  const shown = lines.length > maxLines ? ['…', ...lines.slice(-maxLines)] : lines
  return shown.map((line) => `      ${line}`).join('\n')
}

/** Collects check results for the report file at `reportPath` (removed at once, so no stale total survives). */
export function createReport(reportPath) {
  rmSync(reportPath, { force: true })
  let passed = 0
  let failed = 0
  return {
    /** A finished step that is not itself a check (packing, installing): one informational line. */
    info(message) {
      console.log(`consumer smoke: ${message}`)
    },
    /** Records a check. `tests` counts it as that many tests (a vitest run counts its own tests). */
    record({ label, ok, ms, detail, tests = { passed: ok ? 1 : 0, failed: ok ? 0 : 1 } }) {
      passed += tests.passed
      failed += tests.failed
      const time = ms === undefined ? '' : ` (${seconds(ms)})`
      console.log(`  ${ok ? '✓' : '✗'} ${label}${time}`)
      if (!ok && detail) console.log(indent(detail))
    },
    get failed() {
      return failed
    },
    /** Prints the closing line and writes the counts for the test summary. */
    close(totalMs) {
      mkdirSync(dirname(reportPath), { recursive: true })
      const counts = { numPassedTests: passed, numFailedTests: failed, numPendingTests: 0, numTodoTests: 0 }
      writeFileSync(reportPath, `${JSON.stringify(counts)}\n`)
      console.log(`consumer smoke: finished in ${seconds(totalMs)}`)
      console.log(`Smoke: ${passed} passed, ${failed} failed`)
    },
  }
}
