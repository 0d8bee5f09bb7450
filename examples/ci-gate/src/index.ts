/**
 * The CI gate example as a library: `main` is the whole command, `runGate` the gate on a client of
 * your own, `parseGateArgs` its settings.
 */
export { type GateConfig, GateUsageError, parseGateArgs, USAGE } from './config.js'
export { describeEvent, lastAnswer, oneLine } from './format.js'
export { EXIT, type GateIo, runGate } from './gate.js'
export { type MainContext, main } from './main.js'
