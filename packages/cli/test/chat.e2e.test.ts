// `dinoai chat` as people use it: the built CLI in a pseudo-terminal against the HTTP mock, keys
// typed into the terminal. And piped, as scripts use it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type MockDinoAiServer, startMockDinoAiServer } from '@dinoai/testing'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { startInTerminal as start, type Terminal } from './pty.js'
import { ESC, runCliProcess } from './spawn-cli.js'
import { tempDir } from './temp-dir.js'

const ENTER = '\r'
const CTRL_C = '\u0003'
const CTRL_D = '\u0004'
const UP = '\u001b[A'
// The prompt waiting at the end of the screen (a pty ends lines with \r\n).
const AT_PROMPT = /\n> $/

let server: MockDinoAiServer
let env: Record<string, string>
beforeAll(async () => {
  server = await startMockDinoAiServer({ credentials: { apiKey: 'k', apiSecret: 'chat-e2e-secret' } })
  env = { PARADIME_API_ENDPOINT: server.url, PARADIME_API_KEY: 'k', PARADIME_API_SECRET: 'chat-e2e-secret' }
})
afterAll(() => server.close())
beforeEach(() => server.reset())

// A failed test must not leave its terminal session running.
const terminals: Terminal[] = []
afterEach(() => {
  for (const term of terminals.splice(0)) term.kill()
})
function startInTerminal(args: readonly string[], extraEnv: Record<string, string>): Terminal {
  const term = start(args, extraEnv)
  terminals.push(term)
  return term
}

function configHomeWithHistory(lines: readonly string[]): string {
  const home = tempDir('dinoai-chat-e2e-')
  mkdirSync(join(home, 'dinoai'))
  writeFileSync(join(home, 'dinoai', 'history'), lines.map((l) => `${l}\n`).join(''))
  return home
}

test('in a terminal: Up recalls the history file, replies render as Markdown with a spinner, Ctrl-D leaves with 0', async () => {
  server.script({ agent: 'md' }, [
    { status: 'RUNNING' },
    { message: { role: 'agent', content: 'Found **2 issues** in `stg_orders`.' }, status: 'COMPLETED' },
  ])
  server.script({ message: 'And stg_payments?' }, [
    { message: { role: 'agent', content: 'stg_payments passes.' }, status: 'COMPLETED' },
  ])
  const configHome = configHomeWithHistory(['Check stg_orders'])
  const term = startInTerminal(['chat', '--agent', 'md', '--poll-interval', '0.01'], {
    ...env,
    XDG_CONFIG_HOME: configHome,
  })
  await term.until(AT_PROMPT)
  expect(term.screen()).toContain('DinoAI chat · agent md')
  term.type(UP)
  await term.until(/> Check stg_orders$/)
  term.type(ENTER)
  await term.until(/✔ COMPLETED · session/)
  await term.until(AT_PROMPT)
  term.type(`And stg_payments?${ENTER}`)
  await term.until(/stg_payments passes\./)
  await term.until(AT_PROMPT)
  term.type(CTRL_D)
  expect(await term.exit).toBe(0)

  expect(term.screen()).toContain('Found 2 issues in stg_orders.')
  expect(term.raw()).toContain(`${ESC}[1m2 issues`)
  expect(term.raw()).toContain(`${ESC}[?25l`)
  expect(server.runs).toHaveLength(1)
  expect(server.runs[0]?.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
    'Check stg_orders',
    'And stg_payments?',
  ])
  expect(readFileSync(join(configHome, 'dinoai', 'history'), 'utf8')).toBe(
    'Check stg_orders\nAnd stg_payments?\n',
  )
})

test('in a terminal: Ctrl-C during a turn exits 130 with the resume command; the run goes on', async () => {
  server.script({ agent: 'forever' }, [{ status: 'RUNNING' }, { neverEnding: true }])
  const term = startInTerminal(['chat', '--agent', 'forever', '--poll-interval', '0.01'], {
    ...env,
    XDG_CONFIG_HOME: configHomeWithHistory([]),
  })
  await term.until(AT_PROMPT)
  term.type(`Watch the nightly build${ENTER}`)
  await term.until(/RUNNING/)
  term.type(CTRL_C)
  expect(await term.exit).toBe(130)
  const id = server.runs[0]?.agentSessionId
  expect(term.screen()).toContain(`resume with: dinoai chat --session ${id}`)
  expect(server.runs[0]?.status).toBe('RUNNING')
})

test('in a terminal: --session replays the transcript; Ctrl-C on the empty prompt leaves with 0', async () => {
  server.script({ agent: 'r' }, [
    { message: { role: 'agent', content: 'Earlier answer' }, status: 'COMPLETED' },
  ])
  const started = await runCliProcess(['chat', '--agent', 'r', '--poll-interval', '0.01'], {
    env,
    input: 'first question\n',
  })
  expect(started.code).toBe(0)
  const id = server.runs[0]?.agentSessionId ?? ''
  const term = startInTerminal(['chat', '--session', id], {
    ...env,
    XDG_CONFIG_HOME: configHomeWithHistory([]),
  })
  await term.until(AT_PROMPT)
  term.type(CTRL_C)
  expect(await term.exit).toBe(0)
  const screen = term.screen()
  expect(screen).toContain('first question')
  expect(screen).toContain('Earlier answer')
  expect(screen).toContain(`Session ${id} is COMPLETED.`)
})

test('piped: the message is sent once and the exit code is the run outcome', async () => {
  server.script({ agent: 'doomed' }, [{ status: 'RUNNING' }, { status: 'FAILED' }])
  const result = await runCliProcess(['chat', '--agent', 'doomed', '--poll-interval', '0.01'], {
    env,
    input: 'Why did stg_orders fail?\n',
  })
  expect(result.code).toBe(1)
  expect(server.runs).toHaveLength(1)
  expect(server.requests.filter((r) => r.operationName === 'TriggerDinoaiAgentRun')).toHaveLength(1)
  expect(result.stdout).toContain('FAILED after')
  expect(result.stdout).not.toContain(ESC)
})

test('chat --help has examples and is listed in dinoai --help', async () => {
  const help = await runCliProcess(['chat', '--help'])
  expect(help.code).toBe(0)
  expect(help.stdout).toContain('Usage: dinoai chat')
  expect(help.stdout).toContain('$ dinoai chat --session')
  expect((await runCliProcess(['--help'])).stdout).toMatch(/\n {2}chat /)
})
