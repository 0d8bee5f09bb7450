// Consumer smoke: proves the packages work as users get them. It packs every public package, installs
// the tarballs with npm into a fresh project outside the workspace, and there type-checks a small
// app, a vitest suite and the first examples of the package READMEs under TypeScript 5 and 7
// (nodenext and bundler), runs the app, the dinoai bin and the vitest suite on every supported Node
// line and on our declared floor, and fails when a runtime dependency needs a newer Node than our
// engines.node says. Node runtimes and npm downloads are cached in
// ~/.cache/dinoai-sdk (or $DINOAI_SMOKE_CACHE); DINOAI_SMOKE_KEEP=1 keeps the project folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import semver from 'semver'
import {
  buildApp,
  checkPackedContents,
  checkSchemaFileExport,
  runApp,
  runBinDemo,
  runBinVersion,
  runVitest,
  typecheck,
} from './consumer-smoke/checks.mjs'
import { checkDependencyEngines, declaredEngines } from './consumer-smoke/engines.mjs'
import { ensureNode, smokeCacheDir } from './consumer-smoke/node-runtimes.mjs'
import { buildAndPack, publicPackages } from './consumer-smoke/pack.mjs'
import { installProject } from './consumer-smoke/project.mjs'
import { checkReadmeStart } from './consumer-smoke/readmes.mjs'
import { createReport } from './consumer-smoke/report.mjs'

// The Node lines we support: the newest release of each is installed at first run.
const NODE_LINES = ['22', '24', '26']
const TYPECHECKS = [
  ['typescript5', 'tsconfig.nodenext.json'],
  ['typescript5', 'tsconfig.bundler.json'],
  ['typescript', 'tsconfig.nodenext.json'],
  ['typescript', 'tsconfig.bundler.json'],
]

const root = resolve(import.meta.dirname, '..')
const started = performance.now()
const report = createReport(join(root, '.test-results', 'consumer-smoke.json'))
const cacheDir = smokeCacheDir()
const workDir = mkdtempSync(join(tmpdir(), 'dinoai-consumer-smoke-'))
const projectDir = join(workDir, 'app')
const elapsed = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`

/**
 * Runs `tasks` (functions returning a result or a list of results) at most `limit` at a time and
 * records their results in task order, each as soon as it and every task before it are done.
 */
async function recordInOrder(tasks, limit) {
  const done = new Array(tasks.length)
  let next = 0
  let printed = 0
  const flush = () => {
    for (; printed < tasks.length && done[printed] !== undefined; printed++) {
      for (const result of [done[printed]].flat()) report.record(result)
    }
  }
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++
      done[index] = await tasks[index]()
      flush()
    }
  }
  await Promise.all(Array.from({ length: limit }, worker))
}

// Packing (CPU) and fetching runtimes (network, first run only) overlap.
async function prepare() {
  const packages = publicPackages(root)
  const engines = declaredEngines(packages)
  const floor = semver.minVersion(engines).version
  const since = performance.now()
  const [packed, runtimes] = await Promise.all([
    buildAndPack(root, packages, join(projectDir, 'tarballs')),
    Promise.all([...NODE_LINES, floor].map((spec) => ensureNode(spec, cacheDir))),
  ])
  report.info(`packed ${packed.map((p) => `${p.name}@${p.version}`).join(', ')}`)
  const described = runtimes.map((r) => `${r.version}${r.cached ? '' : ' (downloaded)'}`)
  const floorRuntime = described.pop()
  report.info(
    `Node ${described.join(', ')} and our floor ${floorRuntime}, from ${cacheDir} (${elapsed(since)})`,
  )
  return { packed, runtimes, engines }
}

function checkEngines(packed, engines, runtimes) {
  const { packages, problems } = checkDependencyEngines(
    projectDir,
    packed.map((p) => p.name),
    engines,
  )
  for (const runtime of runtimes) {
    if (!semver.satisfies(runtime.version, engines)) {
      problems.push(`Node ${runtime.version} is tested but outside engines.node ${JSON.stringify(engines)}`)
    }
  }
  const fix =
    'Raise engines.node in every packages/*/package.json to what the dependencies need, or keep the dependency at a version that supports ours.'
  return {
    label: `engines: ${packages} installed runtime packages all support engines.node ${JSON.stringify(engines)}`,
    ok: problems.length === 0,
    detail: [...problems, fix].join('\n'),
  }
}

// One runtime's checks, in sequence; several runtimes run at once.
async function runtimeChecks(runtime, cliVersion, built) {
  const results = []
  if (built) results.push(await runApp(projectDir, runtime))
  results.push(await runBinVersion(projectDir, runtime, cliVersion))
  results.push(await runBinDemo(projectDir, runtime))
  results.push(await runVitest(projectDir, runtime, join(workDir, `vitest-${runtime.version}.json`)))
  return results
}

async function main() {
  const { packed, runtimes, engines } = await prepare()
  const installer = runtimes[0]
  const install = await installProject(
    projectDir,
    join(import.meta.dirname, 'consumer-smoke', 'fixture'),
    packed,
    installer,
    cacheDir,
  )
  if (!install.ok) {
    report.record({
      label: `npm install of the tarballs on Node ${installer.version}`,
      ok: false,
      detail: install.output,
    })
    return
  }
  report.info(`npm installed the tarballs into ${projectDir} (${elapsed(started)} so far)`)

  for (const { name } of packed) report.record(checkPackedContents(projectDir, name))
  for (const { name } of packed) report.record(checkReadmeStart(projectDir, name))
  report.record(checkSchemaFileExport(projectDir, root))
  report.record(checkEngines(packed, engines, runtimes))

  // The runtimes run the JavaScript that TypeScript 7 emits (fast); the TypeScript 5 checks (slow)
  // then share the two cores with the runtime checks, whose demo mostly waits on its timers.
  const build = await buildApp(projectDir, installer)
  report.record(build)
  const cli = packed.find((p) => p.name === '@dinoai/cli')
  await recordInOrder(
    [
      ...TYPECHECKS.map(
        ([ts, config]) =>
          () =>
            typecheck(projectDir, installer, ts, config),
      ),
      ...runtimes.map((runtime) => () => runtimeChecks(runtime, cli.version, build.ok)),
    ],
    3,
  )
}

try {
  await main()
} catch (error) {
  report.record({
    label: 'consumer smoke setup',
    ok: false,
    detail: error instanceof Error ? error.message : String(error),
  })
}
report.close(performance.now() - started)
if (report.failed > 0 || process.env.DINOAI_SMOKE_KEEP) {
  console.log(`consumer smoke: the project is kept in ${projectDir}`)
} else {
  rmSync(workDir, { recursive: true, force: true })
}
process.exit(report.failed > 0 ? 1 : 0)
