// The built command, as a CI job runs it (turbo builds it before the tests). No run is waited for
// here: that would poll in real time; the gate's behaviour is tested in-process in gate.test.ts.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  })

test('ci-gate --help prints the usage', () => {
  const result = run(['--help'])
  expect(result.status).toBe(0)
  expect(result.stdout).toMatch(/^Usage: ci-gate --agent <name>/)
})

test('ci-gate without an agent exits 2 and says how to name one', () => {
  const result = run([], { PARADIME_API_ENDPOINT: 'http://127.0.0.1:9/graphql' })
  expect(result.status).toBe(2)
  expect(result.stderr).toMatch(/Name the agent to run with --agent <name> or DINOAI_AGENT/)
})
