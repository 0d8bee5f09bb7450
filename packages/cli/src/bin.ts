#!/usr/bin/env node
// The `dinoai` executable: wires the process (argv, streams, signals) to runCli.

// The spinner's colours are decided when its colour module loads, from the environment: make
// --no-color reach it before anything is imported.
if (process.argv.includes('--no-color')) {
  process.env.NO_COLOR = '1'
  delete process.env.FORCE_COLOR
}

const { runCli } = await import('./cli.js')

const interrupt = new AbortController()
let interrupts = 0
const onSignal = () => {
  interrupts++
  // A second Ctrl-C means "now": do not wait for a request in flight to give up.
  if (interrupts > 1) process.exit(130)
  interrupt.abort()
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

process.exitCode = await runCli(process.argv.slice(2), { signal: interrupt.signal })
