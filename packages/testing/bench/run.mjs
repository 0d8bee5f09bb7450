// Requests per second of the mock, each as a ratio against graphql-yoga serving the same schema
// with @graphql-tools/mock, measured in the same run (absolute numbers depend on the machine).
// Run with `pnpm bench` (builds dist first). Target: in-process at least as fast as yoga's fetch.
import { createServer } from 'node:http'
import { DinoAiAgentRunDocument, schemaSdl, TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import { addMocksToSchema } from '@graphql-tools/mock'
import { makeExecutableSchema } from '@graphql-tools/schema'
import { print } from 'graphql'
import { createYoga } from 'graphql-yoga'
import { Bench } from 'tinybench'
import { reportFigure } from '../../../scripts/bench-report.mjs'
import { createMockDinoAi, startMockDinoAiServer } from '../dist/index.js'

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 700)
const pollQuery = print(DinoAiAgentRunDocument)

const mock = createMockDinoAi()
const server = await startMockDinoAiServer()
const sessionFor = async (target, fetchFn) => {
  const response = await fetchFn(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(TriggerDinoAiAgentRunDocument), variables: { message: 'bench' } }),
  })
  return (await response.json()).data.triggerDinoaiAgentRun.agentSessionId
}
const mockSession = await sessionFor(mock.url, mock.fetch)
const serverSession = await sessionFor(server.url, fetch)

const yoga = createYoga({
  schema: addMocksToSchema({ schema: makeExecutableSchema({ typeDefs: schemaSdl }) }),
  logging: false,
  graphqlEndpoint: '/graphql',
})
const yogaServer = createServer(yoga)
await new Promise((resolve) => yogaServer.listen(0, '127.0.0.1', resolve))
const yogaUrl = `http://127.0.0.1:${yogaServer.address().port}/graphql`

const poll = async (fetchFn, url, agentSessionId) => {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: pollQuery, variables: { agentSessionId } }),
  })
  const body = await response.json()
  if (!body.data?.dinoaiAgentRun) throw new Error(`unexpected response: ${JSON.stringify(body)}`)
}

const bench = new Bench({ time: TIME_MS, warmupTime: 200 })
bench
  .add('yoga in-process (yoga.fetch)', () => poll(yoga.fetch, 'http://yoga/graphql', 's'))
  .add('mock in-process (mock.fetch)', () => poll(mock.fetch, mock.url, mockSession))
  .add('yoga over HTTP', () => poll(fetch, yogaUrl, 's'))
  .add('mock over HTTP', () => poll(fetch, server.url, serverSession))
await bench.run()

const rps = Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.throughput.mean]))
const rows = [
  ['in-process', rps['mock in-process (mock.fetch)'], rps['yoga in-process (yoga.fetch)']],
  ['HTTP', rps['mock over HTTP'], rps['yoga over HTTP']],
]
console.log('\n@dinoai/testing: dinoaiAgentRun poll requests/s, as a ratio to graphql-yoga (same run)\n')
for (const [mode, ours, base] of rows) {
  console.log(
    `  ${mode.padEnd(10)} mock ${ours.toFixed(0).padStart(7)} req/s   yoga ${base.toFixed(0).padStart(7)} req/s   ratio ${(ours / base).toFixed(2)}x`,
  )
}
for (const [mode, ours, base] of rows) {
  reportFigure({
    id: `mock-${mode === 'HTTP' ? 'http' : 'in-process'}`,
    title: `Mock throughput ${mode === 'HTTP' ? 'over HTTP (node:http server vs yoga on node:http)' : 'in-process (mock.fetch vs yoga.fetch)'}: dinoaiAgentRun polls`,
    ours: { label: '@dinoai/testing mock', value: ours, unit: 'req/s' },
    baseline: { label: 'graphql-yoga + @graphql-tools/mock', value: base, unit: 'req/s' },
    ratio: ours / base,
    ratioText: `${(ours / base).toFixed(2)}x yoga's throughput`,
    ...(mode === 'HTTP' ? {} : { target: '>= 1.00x', met: ours / base >= 1 }),
  })
}
const inProcessRatio = rows[0][1] / rows[0][2]
console.log(`\n  target: in-process ratio >= 1.00x -> ${inProcessRatio >= 1 ? 'met' : 'NOT met'}\n`)

await server.close()
await new Promise((resolve) => yogaServer.close(resolve))
yogaServer.closeAllConnections?.()
