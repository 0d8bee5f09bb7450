// The built command, as an operator runs it (turbo builds it before the tests).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { assertBuilt } from './processes.js'

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })

test('dinoai-queue --help prints the usage; an unknown command exits 2 naming it', () => {
  assertBuilt()
  const help = run(['--help'])
  expect(help.status).toBe(0)
  expect(help.stdout).toMatch(/^Usage:\n {2}dinoai-queue worker/)
  const wrong = run(['frobnicate'])
  expect(wrong.status).toBe(2)
  expect(JSON.parse(wrong.stdout).error).toMatch(/^Unknown command "frobnicate"/)
  const badUrl = run(['unknown', '--redis', 'http://example'])
  expect(badUrl.status).toBe(2)
  expect(JSON.parse(badUrl.stdout).error).toMatch(/redis:\/\/ or rediss:\/\//)
})
