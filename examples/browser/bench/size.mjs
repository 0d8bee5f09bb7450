// Min+gzip size of a browser bundle that uses @dinoai/client, against one that uses @urql/core
// alone for the same job (a POST client reading a run), both built by esbuild in the same run from
// what npm users get (each package's dist, through its default export condition; `pnpm bench`
// builds them first).
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { reportFigure } from '../../../scripts/bench-report.mjs'

const resolveDir = new URL('.', import.meta.url).pathname

const apps = {
  // An app that only reads runs, with the standalone function: no poller, no watch, no waits.
  getRunOnly: `
    import { createDinoAiConnection, getRun } from '@dinoai/client'
    const dinoai = createDinoAiConnection({ endpoint: 'https://api.example.com/graphql', apiKey: 'k', apiSecret: 's' })
    export const read = (id) => getRun(dinoai, id)
  `,
  // What an app that triggers, waits for and watches runs imports: the whole client object.
  client: `
    import { createDinoAiClient } from '@dinoai/client'
    const dinoai = createDinoAiClient({ endpoint: 'https://api.example.com/graphql', apiKey: 'k', apiSecret: 's' })
    export const check = (message) => dinoai.triggerRunAndWait({ agent: 'data-quality-checker', message })
    export const watch = (id) => dinoai.watchRun(id)
  `,
  // The least an app needs with urql alone: a client that POSTs, and the read's document.
  urql: `
    import { Client, fetchExchange, gql } from '@urql/core'
    const client = new Client({ url: 'https://api.example.com/graphql', exchanges: [fetchExchange], preferGetMethod: false })
    const RunQuery = gql\`query DinoaiAgentRun($agentSessionId: String!) { dinoaiAgentRun(agentSessionId: $agentSessionId) { ok agentSessionId status messages { role content ts } childSessionIds workspaceUid } }\`
    export const read = (agentSessionId) => client.query(RunQuery, { agentSessionId }).toPromise()
  `,
}

async function sizeOf(contents) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .map(([path, { bytesInOutput }]) => [
      path.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, ''),
      bytesInOutput,
    ])
    .sort((a, b) => b[1] - a[1])
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs }
}

const urql = await sizeOf(apps.urql)
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
const largest = (inputs) =>
  inputs
    .slice(0, 6)
    .map(([path, bytes]) => `${path} ${bytes}`)
    .join(', ')

console.log('\nBrowser bundle size (esbuild, minified, then gzip -9)\n')
console.log(`  @urql/core alone:   ${kb(urql.min)} min, ${kb(urql.gzip)} min+gzip`)
const figures = [
  {
    app: 'getRunOnly',
    id: 'bundle-size-get-run',
    what: 'an app that only reads runs (createDinoAiConnection + getRun)',
    target: 1.3,
  },
  {
    app: 'client',
    id: 'bundle-size',
    what: 'an app using the whole client (createDinoAiClient: trigger, wait, watch)',
    target: 1.8,
  },
]
for (const { app, id, what, target } of figures) {
  const size = await sizeOf(apps[app])
  const ratio = size.gzip / urql.gzip
  console.log(
    `  ${what}: ${kb(size.min)} min, ${kb(size.gzip)} min+gzip => ${ratio.toFixed(2)}x (target <= ${target}x)`,
  )
  console.log('    largest inputs (minified bytes):')
  for (const [path, bytes] of size.inputs.slice(0, 6))
    console.log(`      ${String(bytes).padStart(7)}  ${path}`)
  reportFigure({
    id,
    title: `Browser bundle, min+gzip (esbuild): ${what} against one using @urql/core alone to read a run`,
    ours: { label: '@dinoai/client', value: size.gzip / 1024, unit: 'KiB' },
    baseline: { label: '@urql/core alone', value: urql.gzip / 1024, unit: 'KiB' },
    ratio,
    ratioText: `${ratio.toFixed(2)}x the urql-only size`,
    target: `<= ${target}x`,
    met: ratio <= target,
    details: [
      `minified, before gzip: ${kb(size.min)} against ${kb(urql.min)}`,
      `its largest inputs (minified bytes): ${largest(size.inputs)}`,
    ],
  })
}
