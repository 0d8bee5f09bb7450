import { readFileSync } from 'node:fs'
import { CommanderError } from 'commander'
import { commandActions } from './actions.js'
import { createEnvironment, type RunCliOptions } from './environment.js'
import { EXIT_CODES } from './exit-codes.js'
import { buildProgram } from './program.js'

const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version

/**
 * Runs the `dinoai` command line and resolves to its exit code (it never calls process.exit).
 * `argv` is the arguments after the program name, e.g. `['run', '--agent', 'x']`.
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const cli = createEnvironment(options)
  const { program, exitCode } = buildProgram(
    commandActions(cli),
    { writeOut: (text) => cli.stdout.write(text), writeErr: (text) => cli.stderr.write(text) },
    VERSION,
  )
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode()
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT_CODES.ok
        : EXIT_CODES.usage
    }
    throw error
  }
}
