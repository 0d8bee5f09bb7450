import { readFile, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { buildSchema, GraphQLSchema } from 'graphql'
import type { GlobalOptions, SchemaFlags, SchemaMode } from '../args.js'
import { type ConnectionConfig, resolveConfig } from '../config.js'
import type { CliEnvironment } from '../environment.js'
import { EXIT_CODES } from '../exit-codes.js'
import { describeError } from '../failure.js'
import { schemaChanges } from '../schema/changes.js'
import { loadDocuments, shippedDocuments, validateDocuments } from '../schema/documents.js'
import { introspect, SchemaCommandError } from '../schema/introspect.js'
import { layoutOf, NO_LAYOUT, type SdlLayout } from '../schema/layout.js'
import { printSdl } from '../schema/print-sdl.js'
import { schemaReport } from '../schema/report.js'
import { writeFileAtomically } from '../schema/write-file.js'

/** The file as it is now: its text, layout and schema; what is missing when it does not exist or parse. */
interface CurrentFile {
  text: string | undefined
  layout: SdlLayout
  schema: GraphQLSchema | undefined
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new SchemaCommandError(`Cannot read ${path}: ${(error as Error).message}`)
  }
}

/**
 * The layout of the schema file @dinoai/operations ships: a new file follows it, so that the first
 * pull of an API the SDK knows writes that very file.
 */
async function shippedLayout(): Promise<SdlLayout> {
  try {
    const shipped = createRequire(import.meta.url).resolve('@dinoai/operations/schema.graphql')
    return layoutOf(await readFile(shipped, 'utf8'))
  } catch {
    return NO_LAYOUT
  }
}

/**
 * The current file. A check needs one that builds (it has nothing else to compare with); a pull
 * replaces a missing or broken one (after a warning), laid out as the shipped schema.
 */
async function currentFile(mode: SchemaMode, file: string, path: string, warn: (line: string) => void) {
  const text = await readText(path)
  if (text === undefined) {
    if (mode === 'check') {
      throw new SchemaCommandError(
        `${file} does not exist: there is nothing to check. Write it with dinoai schema pull --out ${file}, or pass --schema FILE.`,
      )
    }
    return { text, layout: await shippedLayout(), schema: undefined } satisfies CurrentFile
  }
  try {
    return { text, layout: layoutOf(text), schema: buildSchema(text) } satisfies CurrentFile
  } catch (error) {
    const why = `${file} is not a valid schema: ${(error as Error).message}`
    if (mode === 'check')
      throw new SchemaCommandError(`${why} Fix it, or replace it with dinoai schema pull.`)
    warn(`warning: ${why} It is replaced whole.`)
    return { text, layout: await shippedLayout(), schema: undefined } satisfies CurrentFile
  }
}

/** The folder `--out` writes into must exist: found before anything is sent, not after. */
async function checkFolder(file: string, path: string): Promise<void> {
  const folder = dirname(path)
  const found = await stat(folder).catch(() => undefined)
  if (!found?.isDirectory()) {
    throw new SchemaCommandError(
      `Cannot write ${file}: the folder ${folder} does not exist. Create it, or pick another --out.`,
    )
  }
}

/** How messages name the endpoint: no query string, no user info (either could hold a secret). */
function endpointLabel(endpoint: string): string {
  const url = new URL(endpoint)
  return `${url.origin}${url.pathname}`
}

async function pullOrCheck(
  mode: SchemaMode,
  flags: SchemaFlags,
  config: ConnectionConfig,
  cli: CliEnvironment,
): Promise<number> {
  const path = resolve(cli.cwd, flags.file)
  const warn = (line: string) => cli.stderr.write(`${line}\n`)
  const current = await currentFile(mode, flags.file, path, warn)
  if (mode === 'pull') await checkFolder(flags.file, path)
  // Bad globs and unreadable files fail here, before anything is sent.
  const documents = flags.documents ? await loadDocuments(flags.documents, cli.cwd, path) : shippedDocuments()

  const where = endpointLabel(config.endpoint)
  const maxResponseBytes = flags.maxResponseBytes
  const client = cli.createClient({ ...config, ...(maxResponseBytes ? { maxResponseBytes } : {}) })
  const pulled = await introspect(client, { where, capFlag: '--max-response-bytes', signal: cli.signal })
  // A server that cannot report the schema's description says nothing about it: the file's stays.
  const schema = pulled.describesSchema
    ? pulled.schema
    : new GraphQLSchema({ ...pulled.schema.toConfig(), description: current.schema?.description })

  const printed = printSdl(schema, current.layout)
  const changed = printed !== current.text
  const changes = current.schema && changed ? await schemaChanges(current.schema, schema) : undefined
  const problems = validateDocuments(schema, documents)
  if (mode === 'pull' && changed) {
    await writeFileAtomically(path, printed).catch((error: NodeJS.ErrnoException) => {
      throw new SchemaCommandError(
        `Cannot write ${flags.file} (${error.code ?? error.message}); it is unchanged.`,
      )
    })
  }

  const report = schemaReport({
    mode,
    file: flags.file,
    where,
    existed: current.text !== undefined,
    changed,
    changes,
    documents: { count: documents.length, shipped: flags.documents === undefined },
    problems,
  })
  for (const line of report) cli.stdout.write(`${line}\n`)
  return changed ? EXIT_CODES.runFailed : EXIT_CODES.ok
}

/**
 * `dinoai schema pull` and `dinoai schema check`: introspect the API with the configured
 * credentials, print its schema in the file's layout, compare, validate documents, and (pull)
 * write the file atomically. 0 unchanged, 1 changed, 2 on any error (then nothing is written).
 */
export async function schemaCommand(
  mode: SchemaMode,
  flags: SchemaFlags,
  global: GlobalOptions,
  cli: CliEnvironment,
): Promise<number> {
  const resolved = resolveConfig(cli.env, global)
  for (const warning of resolved.warnings) cli.stderr.write(`${warning}\n`)
  if (!resolved.ok) {
    cli.stderr.write(`${resolved.message}\n`)
    return EXIT_CODES.usage
  }
  const { config, secrets } = resolved
  try {
    return await pullOrCheck(mode, flags, config, cli)
  } catch (error) {
    if (cli.signal.aborted) {
      cli.stderr.write('Interrupted: nothing was written.\n')
      return EXIT_CODES.interrupted
    }
    // The key is masked too, though it is no secret when a secret goes with it: nothing printed holds one.
    const masked = [...secrets, ...(config.apiKey ? [config.apiKey] : [])]
    for (const line of describeError(error, { verbose: global.verbose === true, secrets: masked })) {
      cli.stderr.write(`${line}\n`)
    }
    return EXIT_CODES.usage
  }
}
