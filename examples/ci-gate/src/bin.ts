#!/usr/bin/env node
// The `ci-gate` command. A cancelled CI job (SIGINT, then SIGTERM) stops the agent's run first.
import { main } from './main.js'

const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`received ${signal}`)))
}
process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  io: { out: (line) => console.log(line), err: (line) => console.error(line) },
  signal: controller.signal,
})
