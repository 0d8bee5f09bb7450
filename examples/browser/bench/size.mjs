// Min+gzip size of a browser bundle that uses @dinoai/client, against one that uses @urql/core
// alone for the same job (a POST client reading a run), both built by esbuild in the same run from
// what npm users get (each package's dist, through its default export condition; `pnpm bench`
// builds them first).
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { reportFigure } from '../../../scripts/bench-report.mjs'

const resolveDir = new URL('.', import.meta.url).pathname

const apps = {
  // What an app that triggers, waits for and watches runs imports.
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

const client = await sizeOf(apps.client)
const urql = await sizeOf(apps.urql)
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
console.log('\nBrowser bundle size (esbuild, minified, then gzip -9)\n')
console.log(`  @dinoai/client app: ${kb(client.min)} min, ${kb(client.gzip)} min+gzip`)
console.log(`  @urql/core alone:   ${kb(urql.min)} min, ${kb(urql.gzip)} min+gzip`)
console.log(`  => ${(client.gzip / urql.gzip).toFixed(2)}x the urql-only bundle`)
console.log('  largest inputs of the client bundle (minified bytes):')
for (const [path, bytes] of client.inputs.slice(0, 6))
  console.log(`    ${String(bytes).padStart(7)}  ${path}`)

reportFigure({
  id: 'bundle-size',
  title: 'Browser bundle, min+gzip (esbuild): an app using @dinoai/client against one using @urql/core alone',
  ours: { label: '@dinoai/client', value: client.gzip / 1024, unit: 'KiB' },
  baseline: { label: '@urql/core alone', value: urql.gzip / 1024, unit: 'KiB' },
  ratio: client.gzip / urql.gzip,
  ratioText: `${(client.gzip / urql.gzip).toFixed(2)}x the urql-only size`,
  details: [
    `minified, before gzip: ${kb(client.min)} against ${kb(urql.min)}`,
    `the client bundle's largest inputs (minified bytes): ${client.inputs
      .slice(0, 6)
      .map(([path, bytes]) => `${path} ${bytes}`)
      .join(', ')}`,
  ],
})
