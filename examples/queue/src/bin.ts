#!/usr/bin/env node
// The `dinoai-queue` command. SIGTERM or SIGINT stops a worker: it hands its jobs back to the
// queue (session ids stored) for other workers to resume, and leaves every run going.
import { main } from './cli.js'

const stopped = new Promise((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, resolve)
})
process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  out: (line) => console.log(line),
  stopped,
})
