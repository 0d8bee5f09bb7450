// Fails on any import cycle among the sources of the packages and examples (packages/*/src,
// examples/*/src), type-only imports included: a module must never import, through any chain, a
// module that imports it. dependency-cruiser finds them; swc parses the TypeScript (TypeScript 7
// has no JavaScript API for it to use).
import { existsSync, readdirSync } from 'node:fs'
import { cruise } from 'dependency-cruiser'

// Cycles that another change is taking apart, each as the modules of one cycle; an entry that no
// longer matches a cycle fails the check too, so that it is deleted once the cycle is gone.
const KNOWN_CYCLES = []

const FIXTURE = 'scripts/cycle-check-fixture'

const options = {
  validate: true,
  ruleSet: { forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }] },
  parser: 'swc',
  // Imports of types only are dependencies too: they tie the modules' designs together.
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  exclude: { path: '(^|/)(node_modules|dist)/' },
  outputType: 'json',
}

/** The cycles among the modules under `paths`, each as its sorted module list, once. */
async function findCycles(paths) {
  const { output } = await cruise(paths, options)
  const result = typeof output === 'string' ? JSON.parse(output) : output
  const cycles = new Map()
  for (const violation of result.summary.violations) {
    if (violation.rule.name !== 'no-circular') continue
    const modules = [...new Set([violation.from, ...violation.cycle.map((step) => step.name)])].sort()
    cycles.set(modules.join(' '), { modules, path: [violation.from, ...violation.cycle.map((s) => s.name)] })
  }
  return { cycles, modules: result.summary.totalCruised }
}

const sources = ['packages', 'examples'].flatMap((dir) =>
  readdirSync(dir)
    .map((name) => `${dir}/${name}/src`)
    .filter((path) => existsSync(path)),
)

const fixture = await findCycles([FIXTURE])
if (fixture.cycles.size !== 1) {
  console.error(
    `check-cycles: expected the one cycle of ${FIXTURE}, found ${fixture.cycles.size}: the check is blind.`,
  )
  process.exit(1)
}

const { cycles, modules } = await findCycles(sources)
const known = new Set(KNOWN_CYCLES.map((entry) => [...entry].sort().join(' ')))
const problems = []
for (const [key, { path }] of cycles) {
  if (!known.has(key)) problems.push(`import cycle: ${path.join(' -> ')}`)
}
for (const key of known) {
  if (!cycles.has(key)) problems.push(`KNOWN_CYCLES lists a cycle that is gone, delete it: ${key}`)
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem)
  console.error(
    `check-cycles: ${problems.length} problem(s) in ${sources.join(', ')}. Move what both modules need into a third one.`,
  )
  process.exit(1)
}
console.log(
  `check-cycles: no import cycle in ${modules} modules of ${sources.length} packages and examples` +
    (known.size > 0 ? ` (besides ${known.size} known, listed in scripts/check-cycles.mjs)` : ''),
)
