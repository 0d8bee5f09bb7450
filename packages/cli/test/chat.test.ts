// `dinoai chat` in-process: readline driven through streams, the mock behind a clock that never
// sleeps. The pseudo-terminal tests (chat.e2e.test.ts) check the same session as people see it.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMockDinoAi } from '@dinoai/testing'
import { describe, expect, test } from 'vitest'
import { HISTORY_LIMIT, historyPath, isHistorySafe, openHistory } from '../src/chat/history.js'
import { createRepeatFilter } from '../src/chat/render.js'
import { CHAT_ENV, FRESH_PROMPT, historyFileIn, startChat } from './chat-harness.js'
import { tempDir } from './temp-dir.js'

const PROMPT = FRESH_PROMPT
const ENTER = '\r'
const CTRL_C = '\u0003'
const CTRL_D = '\u0004'
const UP = '\u001b[A'

describe('interactive chat', () => {
  test('the first line starts a run, the next ones follow up in the same session; Ctrl-D leaves with 0', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'checker' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'Checked **4** models.' }, status: 'COMPLETED' },
    ])
    mock.script({ message: 'And stg_payments?' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'stg_payments is fine.' }, status: 'COMPLETED' },
    ])
    const chat = startChat(mock, ['--agent', 'checker'])
    await chat.until(PROMPT)
    expect(chat.stdout()).toContain('DinoAI chat · agent checker')
    chat.type(`Check staging${ENTER}`)
    await chat.until(PROMPT, 2)
    chat.type(`And stg_payments?${ENTER}`)
    await chat.until(PROMPT, 3)
    chat.type(CTRL_D)
    expect(await chat.code).toBe(0)

    const id = mock.runs[0]?.agentSessionId
    expect(mock.runs).toHaveLength(1)
    expect(mock.runs[0]?.agent).toBe('checker')
    const out = chat.stdout()
    expect(out).toContain(`Started run ${id} (agent checker)`)
    expect(out).toContain('Checked **4** models.')
    expect(out).toContain(`Sent follow-up to ${id}`)
    expect(out).toContain('stg_payments is fine.')
    expect(out.indexOf('Checked')).toBeLessThan(out.indexOf('stg_payments is fine.'))
    // The user's own lines are on screen at the prompt: not echoed back as transcript.
    expect(out).not.toContain('you:')
    // A chat ends a turn without the `dinoai send` hint: the prompt is the follow-up.
    expect(out).not.toContain('Follow up: dinoai send')
    const operations = mock.requests.map((r) => r.operationName)
    expect(operations[0]).toBe('TriggerDinoaiAgentRun')
    expect(operations.filter((o) => o === 'SendDinoaiAgentMessage')).toHaveLength(1)
    expect(mock.runs[0]?.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'Check staging',
      'And stg_payments?',
    ])
  })

  test('polls every 2 s by default, like the official chat', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'slow' }, [{ status: 'RUNNING' }, {}, {}, {}, {}, { status: 'COMPLETED' }])
    const chat = startChat(mock, ['--agent', 'slow'])
    await chat.until(PROMPT)
    chat.type(`go${ENTER}`)
    await chat.until(PROMPT, 2)
    chat.type(CTRL_D)
    expect(await chat.code).toBe(0)
    // Delays grow from 1 s and stop at the 2 s interval (random() is 0 here: no jitter).
    expect(Math.max(...chat.clock.sleeps)).toBe(2000)
    expect(chat.clock.sleeps.filter((ms) => ms === 2000).length).toBeGreaterThan(1)
  })

  test('Ctrl-C during a turn stops waiting, prints how to resume, and leaves the run going', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'forever' }, [{ status: 'RUNNING' }, { neverEnding: true }])
    const chat = startChat(mock, ['--agent', 'forever'])
    await chat.until(PROMPT)
    chat.type(`watch the nightly build${ENTER}`)
    await chat.until(/status: RUNNING/)
    chat.type(CTRL_C)
    expect(await chat.code).toBe(130)
    const id = mock.runs[0]?.agentSessionId
    expect(chat.stderr()).toContain(
      `Interrupted. Run ${id} keeps going on the server; resume with: dinoai chat --session ${id}`,
    )
    expect(mock.runs[0]?.status).toBe('RUNNING')
  })

  test('Ctrl-C drops a typed line; Ctrl-C on an empty line leaves with 0, nothing sent', async () => {
    const mock = createMockDinoAi()
    const chat = startChat(mock, ['--agent', 'a'])
    await chat.until(PROMPT)
    chat.type(`half a thought${CTRL_C}`)
    await chat.until(PROMPT, 2)
    chat.type(CTRL_C)
    expect(await chat.code).toBe(0)
    expect(mock.requests).toHaveLength(0)
    expect(chat.stdout()).toContain('^C')
  })

  test('end of input at the prompt leaves like Ctrl-D', async () => {
    const mock = createMockDinoAi()
    const chat = startChat(mock, ['--agent', 'a'])
    await chat.until(PROMPT)
    chat.type(`${CTRL_D}`)
    expect(await chat.code).toBe(0)
    expect(mock.requests).toHaveLength(0)
  })

  test('a repeated agent message is shown once, in a turn and in a replayed transcript', async () => {
    const mock = createMockDinoAi()
    const twice = { role: 'agent', content: 'Same answer twice.' }
    mock.script({ agent: 'echoey' }, [
      { status: 'RUNNING', message: twice },
      { message: twice },
      { message: { role: 'agent', content: 'Then something new.' } },
      { message: twice, status: 'COMPLETED' },
    ])
    const chat = startChat(mock, ['--agent', 'echoey'])
    await chat.until(PROMPT)
    chat.type(`hi${ENTER}`)
    await chat.until(PROMPT, 2)
    chat.type(CTRL_D)
    expect(await chat.code).toBe(0)
    // Twice in a row is once; after another message, the same text is new again.
    expect(chat.stdout().match(/Same answer twice\./g)).toHaveLength(2)
    const id = mock.runs[0]?.agentSessionId ?? ''

    const resumed = startChat(mock, ['--session', id])
    await resumed.until(PROMPT)
    resumed.type(CTRL_D)
    expect(await resumed.code).toBe(0)
    expect(resumed.stdout().match(/Same answer twice\./g)).toHaveLength(2)
    expect(resumed.stdout()).toContain('you:\n  hi')
  })

  test('--session replays the transcript, then the prompt follows up in that session', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'a' }, [
      { message: { role: 'agent', content: 'FIRST ANSWER' }, status: 'COMPLETED' },
    ])
    mock.script({ message: 'more?' }, [
      { message: { role: 'agent', content: 'SECOND ANSWER' }, status: 'COMPLETED' },
    ])
    const first = startChat(mock, ['--agent', 'a'])
    await first.until(PROMPT)
    first.type(`start${ENTER}`)
    await first.until(PROMPT, 2)
    first.type(CTRL_D)
    expect(await first.code).toBe(0)
    const id = mock.runs[0]?.agentSessionId ?? ''

    const chat = startChat(mock, ['--session', id])
    await chat.until(PROMPT)
    expect(chat.stdout()).toContain(`DinoAI chat · session ${id}`)
    expect(chat.stdout()).toContain('you:\n  start')
    expect(chat.stdout()).toContain('FIRST ANSWER')
    expect(chat.stdout()).toContain(`Session ${id} is COMPLETED.`)
    chat.type(`more?${ENTER}`)
    await chat.until(/SECOND ANSWER/)
    await chat.until(PROMPT, 2)
    chat.type(CTRL_D)
    expect(await chat.code).toBe(0)
    // The replayed answer is not printed again as the reply to the follow-up.
    expect(chat.stdout().match(/FIRST ANSWER/g)).toHaveLength(1)
    expect(mock.runs).toHaveLength(1)
  })

  test('--session on a run still going follows it to its end before prompting', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'w' }, [
      { status: 'RUNNING', message: { role: 'agent', content: 'halfway' } },
      {},
      { message: { role: 'agent', content: 'finished' }, status: 'COMPLETED' },
    ])
    const started = startChat(mock, ['--agent', 'w'])
    await started.until(PROMPT)
    started.type(`go${ENTER}`)
    await started.until(/halfway/)
    started.type(CTRL_C)
    expect(await started.code).toBe(130)
    const id = mock.runs[0]?.agentSessionId ?? ''

    const chat = startChat(mock, ['--session', id])
    await chat.until(PROMPT)
    chat.type(CTRL_D)
    expect(await chat.code).toBe(0)
    const out = chat.stdout()
    expect(out.match(/halfway/g)).toHaveLength(1)
    expect(out.indexOf('halfway')).toBeLessThan(out.indexOf('finished'))
    expect(out).toContain(`Run ${id} COMPLETED`)
  })

  test('a failed turn keeps the session open; leaving afterwards exits 0', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'f' }, [{ message: { role: 'agent', content: 'boom' }, status: 'FAILED' }])
    const chat = startChat(mock, ['--agent', 'f'])
    await chat.until(PROMPT)
    chat.type(`go${ENTER}`)
    await chat.until(PROMPT, 2)
    expect(chat.stdout()).toMatch(/Run \S+ FAILED/)
    chat.type(CTRL_D)
    expect(await chat.code).toBe(0)
  })
})

describe('chat history', () => {
  test('lines are kept in $XDG_CONFIG_HOME/dinoai/history (owner-only) and recalled with Up next time', async () => {
    const mock = createMockDinoAi()
    const first = startChat(mock, ['--agent', 'a'])
    await first.until(PROMPT)
    first.type(`Check stg_orders${ENTER}`)
    await first.until(PROMPT, 2)
    first.type(CTRL_D)
    expect(await first.code).toBe(0)
    const file = historyFileIn(first.configHome)
    expect(readFileSync(file, 'utf8')).toBe('Check stg_orders\n')
    expect(statSync(file).mode & 0o777).toBe(0o600)

    const second = startChat(mock, ['--agent', 'a'], { configHome: first.configHome })
    await second.until(PROMPT)
    second.type(`${UP}${ENTER}`)
    await second.until(PROMPT, 2)
    second.type(CTRL_D)
    expect(await second.code).toBe(0)
    expect(mock.runs[1]?.messages[0]?.content).toBe('Check stg_orders')
  })

  test('never writes a configured credential or anything shaped like one, yet sends it', async () => {
    const mock = createMockDinoAi()
    const chat = startChat(mock, ['--agent', 'a'])
    await chat.until(PROMPT)
    const lines = [
      `my secret is ${CHAT_ENV.PARADIME_API_SECRET}`,
      'use prdm_wsp_0123456789abcdef',
      'kept line',
    ]
    for (const [i, line] of lines.entries()) {
      chat.type(`${line}${ENTER}`)
      await chat.until(PROMPT, i + 2)
    }
    chat.type(CTRL_D)
    expect(await chat.code).toBe(0)
    const saved = readFileSync(historyFileIn(chat.configHome), 'utf8')
    expect(saved).toBe('kept line\n')
    expect(mock.runs[0]?.messages.filter((m) => m.role === 'user')).toHaveLength(3)
  })

  test('--no-history neither reads nor writes the file', async () => {
    const mock = createMockDinoAi()
    const configHome = tempDir('dinoai-chat-')
    mkdirSync(join(configHome, 'dinoai'))
    writeFileSync(historyFileIn(configHome), 'old line\n')
    const chat = startChat(mock, ['--agent', 'a', '--no-history'], { configHome })
    await chat.until(PROMPT)
    // Up at the first prompt: with the file loaded it would recall (and send) "old line".
    chat.type(`${UP}${ENTER}`)
    await chat.until(PROMPT, 2)
    expect(mock.requests).toHaveLength(0)
    chat.type(`new line${ENTER}`)
    await chat.until(PROMPT, 3)
    chat.type(CTRL_D)
    expect(await chat.code).toBe(0)
    expect(readFileSync(historyFileIn(configHome), 'utf8')).toBe('old line\n')
    expect(mock.runs[0]?.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'new line',
    ])
  })

  test('historyPath: XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(historyPath({ XDG_CONFIG_HOME: '/x/conf' }, '/home/u')).toBe('/x/conf/dinoai/history')
    expect(historyPath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe('/home/u/.config/dinoai/history')
    expect(historyPath({}, '/home/u')).toBe('/home/u/.config/dinoai/history')
  })

  test('the file is bounded, filtered on load too, and a write failure is reported once', () => {
    const dir = tempDir('dinoai-history-')
    const path = join(dir, 'dinoai', 'history')
    mkdirSync(join(dir, 'dinoai'))
    const lines = Array.from({ length: HISTORY_LIMIT + 20 }, (_, i) => `line ${i}`)
    writeFileSync(path, `${['token=abc123', ...lines].join('\n')}\n`)
    const store = openHistory({ path, secrets: [] })
    expect(store.entries).toHaveLength(HISTORY_LIMIT)
    expect(store.entries[0]).toBe(`line ${HISTORY_LIMIT + 19}`)
    store.save(['newest', ...store.entries, 'password: hunter22'])
    const saved = readFileSync(path, 'utf8').trimEnd().split('\n')
    expect(saved).toHaveLength(HISTORY_LIMIT)
    expect(saved.at(-1)).toBe('newest')
    expect(saved.join('\n')).not.toContain('hunter22')

    const errors: string[] = []
    const blocked = openHistory({
      path: join(path, 'not-a-dir', 'history'),
      secrets: [],
      onError: (m) => errors.push(m),
    })
    blocked.save(['a'])
    blocked.save(['b', 'a'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^History not saved to /)
  })

  test('isHistorySafe: configured secrets (6+ characters) and credential shapes are refused', () => {
    expect(isHistorySafe('why did stg_orders fail?', ['secret-value'])).toBe(true)
    expect(isHistorySafe('here: secret-value', ['secret-value'])).toBe(false)
    expect(isHistorySafe('short s3cr', ['s3cr'])).toBe(true)
    expect(isHistorySafe('PARADIME_API_SECRET=xyz', [])).toBe(false)
    expect(isHistorySafe('api_key: abcdef', [])).toBe(false)
    expect(isHistorySafe('Bearer prdm_cmp_abcdef123', [])).toBe(false)
    expect(isHistorySafe('ghp_0123456789abcdefghij', [])).toBe(false)
    expect(isHistorySafe('   ', [])).toBe(false)
  })
})

describe('piped and usage', () => {
  test('a message piped on stdin is sent once and the chat exits with the run code', async () => {
    const mock = createMockDinoAi()
    mock.script({ agent: 'f' }, [
      { status: 'RUNNING' },
      { message: { role: 'agent', content: 'nope' }, status: 'FAILED' },
    ])
    const chat = startChat(mock, ['--agent', 'f'], { tty: false, input: 'Why did stg_orders fail?\n' })
    expect(await chat.code).toBe(1)
    expect(mock.runs).toHaveLength(1)
    expect(mock.runs[0]?.messages[0]?.content).toBe('Why did stg_orders fail?')
    expect(chat.stdout()).not.toMatch(PROMPT)
    expect(chat.stdout()).toContain('nope')
  })

  test('piped with --session and --json: a follow-up as NDJSON, exit 0', async () => {
    const mock = createMockDinoAi()
    const first = startChat(mock, ['--agent', 'a'], { tty: false, input: 'one' })
    expect(await first.code).toBe(0)
    const id = mock.runs[0]?.agentSessionId ?? ''
    const chat = startChat(mock, ['--session', id, '--json'], { tty: false, input: 'two\n' })
    expect(await chat.code).toBe(0)
    const events = chat
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string })
    expect(events[0]).toMatchObject({ type: 'accepted', command: 'send', agentSessionId: id })
    expect(events.at(-1)).toMatchObject({ type: 'run', run: { status: 'COMPLETED' } })
  })

  test.each([
    [['--session', 's1', '--agent', 'a'], { tty: true }, 'drop --agent'],
    [['--agent', 'a', '--json'], { tty: true }, '--json is for a message piped on stdin'],
    [['--agent', 'a'], { tty: false, input: '  \n' }, 'Nothing to send'],
    [['--agent', 'a', '--poll-interval', '0'], { tty: true }, 'expected a number of seconds > 0'],
  ] as const)('%j exits 2 before any request', async (args, options, message) => {
    const mock = createMockDinoAi()
    const chat = startChat(mock, args, options)
    expect(await chat.code).toBe(2)
    expect(chat.stderr()).toContain(message)
    expect(mock.requests).toHaveLength(0)
  })
})

test('createRepeatFilter: a user message in between makes the same answer new', () => {
  const filter = createRepeatFilter()
  const agent = (content: string) => ({ ts: 1, role: 'agent', content })
  expect(filter.isRepeat(agent('a'))).toBe(false)
  expect(filter.isRepeat(agent('a '))).toBe(true)
  expect(filter.isRepeat({ ts: 2, role: 'user', content: 'again?' })).toBe(false)
  expect(filter.isRepeat(agent('a'))).toBe(false)
  expect(filter.isRepeat({ ts: 3, role: 'user', content: 'again?' })).toBe(false)
  expect(filter.isRepeat({ ts: 3, role: 'user', content: 'again?' })).toBe(false)
})
