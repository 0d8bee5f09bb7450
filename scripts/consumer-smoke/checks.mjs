// The checks the consumer smoke runs in the downstream project. Each returns a result for the
// report: { label, ok, ms, detail, tests? }, with the command's output as the detail of a failure.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { consumerEnv, run } from './exec.mjs'
import { installedVersion } from './project.mjs'

const failure = (result, command) =>
  `${command} exited with ${result.code}${result.output.trim() ? `:\n${result.output.trim()}` : ' and printed nothing'}`

/** What a published package must carry: the license, its README and registry metadata, no workspace: ranges. */
export function checkPackedContents(projectDir, name) {
  const dir = join(projectDir, 'node_modules', name)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const missing = ['LICENSE', 'README.md'].filter((file) => !existsSync(join(dir, file)))
  const problems = missing.map((file) => `the tarball has no ${file}`)
  for (const field of ['license', 'homepage', 'bugs']) {
    if (!manifest[field]) problems.push(`package.json has no "${field}"`)
  }
  if (!manifest.repository?.url || !manifest.repository?.directory) {
    problems.push('package.json needs "repository" with "url" and "directory"')
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${dep} is still "${range}"`)
    }
  }
  return {
    label: `packed ${name}: LICENSE, README.md, repository/homepage/bugs, no workspace: ranges`,
    ok: problems.length === 0,
    detail: problems.join('\n'),
  }
}

/**
 * `@dinoai/operations/schema.graphql` resolves through the packed package's exports (as an app's
 * codegen config resolves it) to the repository's schema.graphql, byte for byte.
 */
export function checkSchemaFileExport(projectDir, rootDir) {
  const label = 'packed @dinoai/operations exports schema.graphql, equal to the repository one'
  let detail = ''
  try {
    const file = createRequire(join(projectDir, 'package.json')).resolve('@dinoai/operations/schema.graphql')
    if (readFileSync(file, 'utf8') !== readFileSync(join(rootDir, 'schema.graphql'), 'utf8')) {
      detail = `${file} differs from schema.graphql: run \`pnpm codegen\`.`
    }
  } catch (error) {
    detail = `cannot resolve it: ${error instanceof Error ? error.message : String(error)}`
  }
  return { label, ok: detail === '', detail }
}

/** Type-checks the app and tests with the project's TypeScript `typescriptPackage` and a tsconfig. */
export async function typecheck(projectDir, runtime, typescriptPackage, config) {
  const version = installedVersion(projectDir, typescriptPackage)
  const tsc = join('node_modules', typescriptPackage, 'bin', 'tsc')
  const result = await run('node', [tsc, '-p', config], { cwd: projectDir, env: consumerEnv(runtime.binDir) })
  return {
    label: `typecheck with TypeScript ${version}, ${config}`,
    ok: result.ok,
    ms: result.ms,
    detail: failure(result, `tsc -p ${config}`),
  }
}

/** Compiles the app to dist/ with TypeScript 7 (nodenext), the JavaScript the runtimes then run. */
export async function buildApp(projectDir, runtime) {
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc')
  const result = await run('node', [tsc, '-p', 'tsconfig.build.json'], {
    cwd: projectDir,
    env: consumerEnv(runtime.binDir),
  })
  return {
    label: 'compile the app to JavaScript',
    ok: result.ok,
    ms: result.ms,
    detail: failure(result, 'tsc'),
  }
}

/** Runs the compiled app; it asserts as it goes and ends by naming the Node it ran on. */
export async function runApp(projectDir, runtime) {
  const result = await run('node', ['dist/app.js'], { cwd: projectDir, env: consumerEnv(runtime.binDir) })
  const said = result.stdout.includes(`consumer app ok on Node ${runtime.version}`)
  return {
    label: `app on Node ${runtime.version}`,
    ok: result.ok && said,
    ms: result.ms,
    detail: result.ok
      ? `it did not print "consumer app ok on Node ${runtime.version}":\n${result.output}`
      : failure(result, 'node dist/app.js'),
  }
}

/** `dinoai --version` from the packed CLI must print the packed version. */
export async function runBinVersion(projectDir, runtime, expected) {
  const bin = join('node_modules', '.bin', 'dinoai')
  const result = await run(bin, ['--version'], { cwd: projectDir, env: consumerEnv(runtime.binDir) })
  const printed = result.stdout.trim()
  return {
    label: `dinoai --version on Node ${runtime.version} prints ${expected}`,
    ok: result.ok && printed === expected,
    ms: result.ms,
    detail: result.ok ? `it printed ${JSON.stringify(printed)}` : failure(result, 'dinoai --version'),
  }
}

/** `dinoai demo`: the whole CLI on its embedded mock, ending with a completed run. */
export async function runBinDemo(projectDir, runtime) {
  const bin = join('node_modules', '.bin', 'dinoai')
  const result = await run(bin, ['demo'], { cwd: projectDir, env: consumerEnv(runtime.binDir) })
  const completed = result.stdout.includes('COMPLETED')
  return {
    label: `dinoai demo on Node ${runtime.version}`,
    ok: result.ok && completed,
    ms: result.ms,
    detail: result.ok ? `its output never says COMPLETED:\n${result.output}` : failure(result, 'dinoai demo'),
  }
}

/** The project's vitest suite; counts as the tests it ran. */
export async function runVitest(projectDir, runtime, reportFile) {
  const bin = join('node_modules', '.bin', 'vitest')
  const args = ['run', '--reporter=dot', '--reporter=json', `--outputFile.json=${reportFile}`]
  const result = await run(bin, args, { cwd: projectDir, env: consumerEnv(runtime.binDir) })
  const counts = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined
  const passed = counts?.numPassedTests ?? 0
  const failed = counts?.numFailedTests ?? 0
  const ok = result.ok && passed > 0 && failed === 0
  return {
    label: `vitest on Node ${runtime.version}: ${passed} passed, ${failed} failed`,
    ok,
    ms: result.ms,
    detail: result.ok && passed === 0 ? 'vitest ran no test' : failure(result, 'vitest run'),
    // A run that crashed before counting still counts as one failure.
    tests: { passed, failed: ok ? 0 : Math.max(failed, 1) },
  }
}
