// Vitest global setup: every test run gets a temporary folder of its own (TMPDIR, which
// os.tmpdir() reads, and which the worker processes and the CLI processes the tests spawn inherit),
// and the run fails when a test leaves anything in it. A private folder, not a before/after look at
// the system's, because other runs (turbo runs the packages in parallel) share that one.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Vitest calls the setup once for the root and once per project, in one process: the first owns
// the folder, and its teardown, which runs last, checks it.
const OWNER = 'DINOAI_TEST_TMPDIR'

// Caches the tools under test keep in the temporary folder and reuse, not leftovers of a test (jiti:
// graphql-codegen loads codegen.ts through it). They go with the folder.
const TOOL_CACHES: ReadonlySet<string> = new Set(['jiti'])

export function setup(): (() => void) | undefined {
  if (process.env[OWNER]) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'vitest-run-'))
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: where temporary files go changes no result, so it must not key turbo's cache
  const outer = process.env.TMPDIR
  process.env[OWNER] = dir
  process.env.TMPDIR = dir
  return () => {
    const left = readdirSync(dir).filter((entry) => !TOOL_CACHES.has(entry))
    rmSync(dir, { recursive: true, force: true })
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: as above
    if (outer === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = outer
    delete process.env[OWNER]
    if (left.length > 0) {
      console.error(
        `\nTests left ${left.length} entries in their temporary folder: ${left.join(', ')}.\n` +
          'Remove what a test creates (e.g. rmSync(dir, { recursive: true }) in afterEach).',
      )
      // A teardown's exception does not fail the run; the exit code does.
      process.exitCode = 1
    }
  }
}
