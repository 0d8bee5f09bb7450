import type { DemoFlags, GlobalOptions } from '../args.js'
import type { CliEnvironment } from '../cli.js'
import { EXIT_CODES } from '../exit-codes.js'

/** `dinoai demo`: pending the @dinoai/testing in-process mock. */
export async function demoCommand(
  _flags: DemoFlags,
  _global: GlobalOptions,
  cli: CliEnvironment,
): Promise<number> {
  cli.stderr.write('demo is not available yet.\n')
  return EXIT_CODES.runFailed
}
