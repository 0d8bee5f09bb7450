#!/usr/bin/env node
// The `dinoai` executable: wires the process (argv, streams, signals) to runCli.

// The spinner's colours are decided when its colour module loads, from the environment: make
// --no-color reach it before anything is imported.
if (process.argv.includes('--no-color')) {
  process.env.NO_COLOR = '1'
  delete process.env.FORCE_COLOR
}

const { runCli } = await import('./cli.js')

// A reader that goes away (`dinoai demo | head -3`, quitting `less`) closes the pipe, and the next
// write fails with EPIPE, emitted as an 'error' event that would crash with a stack trace. Nobody is
// left to read anything: end quietly with 0, since a reader that stopped early is not this command
// failing. The run, if any, keeps going on the server. A closed stderr only loses diagnostics.
const isClosedPipe = (error: NodeJS.ErrnoException) => error.code === 'EPIPE'
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (!isClosedPipe(error)) throw error
  process.exit(0)
})
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (!isClosedPipe(error)) throw error
})

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
