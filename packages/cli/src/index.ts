/**
 * @dinoai/cli: the `dinoai` command (run, send, status, watch, chat, stop, mock-server, demo,
 * schema pull and check) and its programmatic entry point, runCli.
 */
export { type CliInput, type RunCliOptions, runCli } from './cli.js'
export type { CliClient, CliClientOptions } from './client-port.js'
export { EXIT_CODES, type ExitCode, exitCodeForStatus } from './exit-codes.js'
export type { OutputStream } from './render.js'
