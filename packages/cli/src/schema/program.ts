import { type Command, InvalidArgumentError, Option } from 'commander'
import { globals, type SchemaAction, type SchemaMode } from '../args.js'

function parseBytes(value: string): number {
  const bytes = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw new InvalidArgumentError(`expected a whole number of bytes >= 1, got ${JSON.stringify(value)}.`)
  }
  return bytes
}

const HELP = `
The introspection query goes to the endpoint with the usual credentials (PARADIME_API_ENDPOINT,
PARADIME_API_KEY, PARADIME_API_SECRET, PARADIME_WORKSPACE_UID, or the global flags). The schema is
printed as SDL in the file's own order and layout, so an unchanged API changes nothing; what is new
goes after. The report lists breaking, dangerous and safe changes, and the documents (the SDK's, or
yours with --documents) that no longer validate against the API's schema.

Exit codes:
  0    the file is up to date with the API
  1    the schema changed (pull has written the file; check has written nothing)
  2    an error: credentials, network, an answer that is no schema, introspection turned off
       on the server... nothing is written`

function addMode(
  schema: Command,
  mode: SchemaMode,
  run: SchemaAction,
  set: (code: number) => void,
  text: { description: string; fileFlag: string; fileHelp: string; examples: string },
): void {
  schema
    .command(mode)
    .description(text.description)
    .addOption(new Option(`${text.fileFlag} <file>`, text.fileHelp).default('schema.graphql'))
    .option(
      '--documents <globs...>',
      "the documents to validate, e.g. 'src/**/*.graphql' 'src/**/*.ts' (default: the SDK's own)",
    )
    .addOption(
      new Option(
        '--max-response-bytes <n>',
        'the largest introspection answer read (default 8 MiB)',
      ).argParser(parseBytes),
    )
    .addHelpText('after', `${HELP}\n\nExamples:\n${text.examples}`)
    .action(async (opts, command: Command) => {
      const file: string = mode === 'pull' ? opts.out : opts.schema
      set(
        await run(
          mode,
          { file, documents: opts.documents, maxResponseBytes: opts.maxResponseBytes },
          globals(command),
        ),
      )
    })
}

/** `dinoai schema pull` and `dinoai schema check`. */
export function addSchemaCommand(program: Command, run: SchemaAction, set: (code: number) => void): void {
  const schema = program
    .command('schema')
    .description("Pull the API's schema into a file, or check a file against the API (schema drift).")
  addMode(schema, 'pull', run, set, {
    description: "Write the API's schema (from introspection) to a file and report what changed.",
    fileFlag: '--out',
    fileHelp: 'the schema file to write',
    examples: `  $ dinoai schema pull
  $ dinoai schema pull --out src/graphql/schema.graphql --documents 'src/**/*.ts'
  $ dinoai --endpoint http://127.0.0.1:4000/graphql schema pull     from a local dinoai mock-server`,
  })
  addMode(schema, 'check', run, set, {
    description: 'Compare a schema file with the API and report what changed; writes nothing.',
    fileFlag: '--schema',
    fileHelp: 'the schema file to compare with',
    examples: `  $ dinoai schema check                                  e.g. in a scheduled CI job
  $ dinoai schema check --schema schema.graphql --documents 'src/**/*.graphql'`,
  })
}
