import type { MockServerFlags } from '../args.js'
import type { CliEnvironment } from '../cli.js'
import { EXIT_CODES } from '../exit-codes.js'

/** `dinoai mock-server`: pending the @dinoai/testing HTTP server. */
export async function mockServerCommand(_flags: MockServerFlags, cli: CliEnvironment): Promise<number> {
  cli.stderr.write('mock-server is not available yet.\n')
  return EXIT_CODES.runFailed
}
