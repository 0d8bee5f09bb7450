/**
 * @dinoai/cli: the `dinoai` command (run, send, status, watch, chat, stop, mock-server, demo,
 * schema pull and check) and its programmatic entry point, runCli.
 */
export { runCli } from './cli.js'
export type { CliClient, CliClientOptions } from './client-port.js'
export type { RunCliOptions } from './environment.js'
export { EXIT_CODES, type ExitCode, exitCodeForStatus } from './exit-codes.js'
export type { OutputStream } from './output/render.js'
export type { CliInput } from './stdin.js'
