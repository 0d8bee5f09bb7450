// Type-checks every README's TypeScript examples (the tests run them, but running strips types,
// so a wrong annotation or a renamed type would pass). Each example becomes a module in a
// scratch folder inside the package whose dependencies it uses, checked with that package's
// compiler options; the folder is removed afterwards.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { readmeExamples } from './readme-extract.mjs'

const root = resolve(import.meta.dirname, '..')

// README -> the package whose node_modules resolve its imports (the root README uses the client).
const targets = [
  ['README.md', 'packages/client'],
  ...['operations', 'client', 'testing', 'cli'].map((p) => [`packages/${p}/README.md`, `packages/${p}`]),
  ['examples/ci-gate/README.md', 'examples/ci-gate'],
  ['examples/custom-documents/README.md', 'examples/custom-documents'],
  ['examples/queue/README.md', 'examples/queue'],
]
// The testing README pairs the mock with the client in a few examples; the testing package cannot
// depend on the client (the client depends on it), so those examples are checked in the client,
// where its tests also run them.
const CLIENT_IMPORT = /from '@dinoai\/client'/
const packageFor = (packageDir, example) =>
  packageDir === 'packages/testing' && CLIENT_IMPORT.test(example.code) ? 'packages/client' : packageDir

/** package dir -> [readmePath, example][] */
const groups = new Map()
for (const [readme, packageDir] of targets) {
  const readmePath = join(root, readme)
  if (!existsSync(readmePath)) continue
  for (const example of readmeExamples(readmePath)) {
    const dir = packageFor(packageDir, example)
    if (!groups.has(dir)) groups.set(dir, [])
    groups.get(dir).push([readmePath, example])
  }
}

let failed = false
let count = 0
for (const [packageDir, examples] of groups) {
  // An app that generates its types (a codegen.ts of its own) needs them before its examples check.
  if (existsSync(join(root, packageDir, 'codegen.ts'))) {
    execFileSync(join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts', '--silent'], {
      cwd: join(root, packageDir),
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  }
  const dir = join(root, packageDir, '.readme-typecheck')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir)
  const sources = new Map()
  examples.forEach(([readmePath, example], i) => {
    const file = `example-${i}.ts`
    sources.set(file, [readmePath, example.line])
    writeFileSync(join(dir, file), `${example.code}\nexport {}\n`)
  })
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }),
  )
  count += examples.length
  try {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: root, encoding: 'utf8' })
  } catch (error) {
    failed = true
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`
    // Point at the README line: an example starting at line L has its code from line L + 1.
    console.error(
      output.replace(/\S*\.readme-typecheck\/(example-\d+\.ts)\((\d+),(\d+)\)/g, (_m, file, line, col) => {
        const [readmePath, start] = sources.get(file)
        return `${relative(root, readmePath)}:${Number(start) + Number(line)}:${col}`
      }),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
if (failed) {
  console.error('README examples have type errors (locations above are README lines).')
  process.exit(1)
}
console.log(`typecheck:readmes: ${count} README examples type-check.`)
