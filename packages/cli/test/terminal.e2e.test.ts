// The CLI in a pseudo-terminal (util-linux `script`), where people see it: Markdown, colour, spinner.
import { execFile } from 'node:child_process'
import { stripVTControlCharacters } from 'node:util'
import { type MockDinoAiServer, startMockDinoAiServer } from '@dinoai/testing'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { assertBuilt, BIN, baseEnv, ESC, runCliProcess } from './spawn-cli.js'

let server: MockDinoAiServer
beforeAll(async () => {
  server = await startMockDinoAiServer({ credentials: { apiSecret: 'pty-secret' } })
})
afterAll(() => server.close())
beforeEach(() => {
  server.reset()
  server.script({ agent: 'md' }, [
    { status: 'RUNNING' },
    {
      message: {
        role: 'agent',
        content: '## Findings\n\nFound **2 issues** in `stg_orders`:\n\n- nulls\n- dupes',
      },
    },
    { status: 'COMPLETED' },
  ])
})

/** A regular expression where `ESC` stands for the escape character. */
function escapes(source: string): RegExp {
  return new RegExp(source.replaceAll('ESC', ESC))
}

/** Runs `dinoai ARGS` attached to a pseudo-terminal; `script -e` returns the command's exit code. */
function inTerminal(
  args: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  assertBuilt()
  const env = baseEnv({
    PARADIME_API_ENDPOINT: server.url,
    PARADIME_API_KEY: 'k',
    PARADIME_API_SECRET: 'pty-secret',
    TERM: 'xterm-256color',
    ...extraEnv,
  })
  return new Promise((resolve, reject) => {
    execFile(
      'script',
      ['-qfec', `${process.execPath} ${BIN} ${args}`, '/dev/null'],
      { env },
      (error, stdout) => {
        const code = error ? (typeof error.code === 'number' ? error.code : Number.NaN) : 0
        if (Number.isNaN(code)) reject(error)
        else resolve({ code, output: stdout })
      },
    )
  })
}

test('on a TTY, messages are rendered Markdown in colour, with a spinner while waiting', async () => {
  const { code, output } = await inTerminal('run --agent md --poll-interval 0.01')
  expect(code).toBe(0)
  // Markdown is rendered: no raw ** or backticks, a bullet instead of "- ".
  expect(output).toContain('Findings')
  expect(output).not.toContain('**2 issues**')
  expect(output).not.toContain('`stg_orders`')
  expect(output).toMatch(escapes('•(ESC\\[22m)? nulls'))
  // Bold (SGR 1) and colour (SGR 3x) codes, and the spinner hiding the cursor.
  expect(output).toContain(`${ESC}[1m2 issues`)
  expect(output).toMatch(escapes('ESC\\[3\\dm'))
  expect(output).toContain(`${ESC}[?25l`)
  expect(stripVTControlCharacters(output)).toMatch(/✔ COMPLETED · session \S+ · [\d.]+s/)
})

test.each([
  ['--no-color', ''],
  ['', 'NO_COLOR'],
])('no colour codes with %s %s, Markdown still rendered', async (flag, variable) => {
  const { code, output } = await inTerminal(
    `${flag} run --agent md --poll-interval 0.01`,
    variable ? { [variable]: '1' } : {},
  )
  expect(code).toBe(0)
  expect(output).not.toMatch(escapes('ESC\\[(1|2|3\\d|9\\d)m'))
  expect(output).toContain('Found 2 issues in stg_orders')
})

test('a TTY stdin is not read: --agent alone sends no message', async () => {
  const { code } = await inTerminal('run --agent md --poll-interval 0.01')
  expect(code).toBe(0)
  expect(server.requests[0]?.variables).toEqual({ agent: 'md' })
})

test('FORCE_COLOR colours output that is not a terminal, without a spinner', async () => {
  const result = await runCliProcess(['run', '--agent', 'md', '--poll-interval', '0.01'], {
    env: {
      PARADIME_API_ENDPOINT: server.url,
      PARADIME_API_KEY: 'k',
      PARADIME_API_SECRET: 'pty-secret',
      FORCE_COLOR: '1',
    },
  })
  expect(result.code).toBe(0)
  expect(result.stdout).toContain(`${ESC}[1m2 issues`)
  expect(result.stdout + result.stderr).not.toContain(`${ESC}[?25l`)
})
