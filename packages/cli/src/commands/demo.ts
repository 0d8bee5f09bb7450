import { ENV_VARS } from '@dinoai/client'
import { createMockDinoAi } from '@dinoai/testing'
import type { DemoFlags, GlobalOptions } from '../args.js'
import { DEMO_AGENT, DEMO_CREDENTIALS, DEMO_MESSAGES, scriptDemo } from '../demo-scenario.js'
import type { CliEnvironment } from '../environment.js'
import { EXIT_CODES } from '../exit-codes.js'
import type { CommandContext } from '../follow.js'
import { shellQuote } from '../format.js'
import { runCommand } from './run.js'
import { sendCommand } from './send.js'

/** The demo's poll interval: fast enough to finish in seconds, slow enough to watch it happen. */
const DEMO_POLL_MS = 400

/** Never contacted: requests go to the mock's in-process fetch. */
const DEMO_ENDPOINT = 'https://dinoai.mock/graphql'

/**
 * `dinoai demo`: the real client and renderer against an in-process mock that plays a scripted
 * session (a run with a sub-agent, then a follow-up), so anyone can see the whole experience
 * without an account. Nothing leaves the process.
 */
export async function demoCommand(
  flags: DemoFlags,
  global: GlobalOptions,
  cli: CliEnvironment,
): Promise<number> {
  const mock = createMockDinoAi({ credentials: DEMO_CREDENTIALS, now: Date.now })
  scriptDemo(mock)
  const renderer = cli.renderer({ ...global, json: false })
  const c = renderer.palette
  const out = (line = '') => cli.stdout.write(`${line}\n`)
  const ctx: CommandContext = {
    // mock.fetch answers any URL; the client accepts plain http only on loopback, hence https here.
    client: cli.createClient({ endpoint: DEMO_ENDPOINT, ...DEMO_CREDENTIALS, fetch: mock.fetch }),
    renderer,
    signal: cli.signal,
    wait: { pollIntervalMs: flags.pollInterval ?? DEMO_POLL_MS, timeoutMs: 120_000 },
    // The demo's messages are scripted; stdin is the user's, not the demo's.
    readStdin: async () => undefined,
  }
  const prompt = (command: string) => {
    out()
    out(c.dim(`$ ${command}`))
  }

  out(c.bold('DinoAI demo'))
  out('An embedded mock of the DinoAI API plays a scripted agent session; the client, the polling and')
  out('this output are the real ones, exactly as against your workspace.')

  prompt(`dinoai run --agent ${DEMO_AGENT} --message ${shellQuote(DEMO_MESSAGES.run)}`)
  let sessionId: string | undefined
  const started = await runCommand(
    {
      agent: DEMO_AGENT,
      message: DEMO_MESSAGES.run,
      wait: true,
      onAccepted: (id) => {
        sessionId = id
      },
    },
    ctx,
  )
  if (started !== EXIT_CODES.ok || !sessionId) return started

  prompt(`dinoai send ${shellQuote(sessionId)} ${shellQuote(DEMO_MESSAGES.followUp)}`)
  const followed = await sendCommand(sessionId, DEMO_MESSAGES.followUp, { wait: true }, ctx)
  if (followed !== EXIT_CODES.ok) return followed

  out()
  out(c.bold('What next'))
  out(`- Against your workspace: set ${ENV_VARS.endpoint}, ${ENV_VARS.apiKey}, ${ENV_VARS.apiSecret}`)
  out(`  (and ${ENV_VARS.workspaceUid}), then: dinoai run --agent <your-agent>`)
  out('- Against a local mock over HTTP: dinoai mock-server, and paste the exports it prints')
  out('- In a CI job: dinoai run --agent <name> --json, and branch on the exit code (dinoai run --help)')
  return EXIT_CODES.ok
}
