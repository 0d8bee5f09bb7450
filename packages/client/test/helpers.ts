import { type Clock, createDinoAiClient, type DinoAiClient, type DinoAiClientOptions } from '@dinoai/client'
import {
  createMockDinoAi,
  type MockDinoAi,
  type MockDinoAiControls,
  type MockDinoAiOptions,
} from '@dinoai/testing'

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/**
 * A virtual clock: sleeps cost no real time. When nothing is in flight (no tracked fetch pending),
 * it jumps to the earliest timer and fires it. `pending()` counts timers not yet fired or cleared,
 * which is how the tests check that nothing is left behind.
 */
export interface VirtualClock extends Clock {
  pending(): number
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[]
  /** Wraps a fetch so the clock knows when a request is in flight (and does not jump past it). */
  track(fetch: Fetch): Fetch
  /** Also advance while requests are in flight (for request-timeout tests). */
  advanceWhileInFlight: boolean
  /** Stop advancing on its own; `runNext()` then fires timers by hand. */
  manual: boolean
  runNext(): boolean
}

interface Timer {
  at: number
  seq: number
  resolve(): void
}

export function createVirtualClock(start = 1_000): VirtualClock {
  let now = start
  let seq = 0
  let inFlight = 0
  let scheduled = false
  const timers = new Set<Timer>()
  const sleeps: number[] = []

  const earliest = (): Timer | undefined => {
    let best: Timer | undefined
    for (const t of timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t
    return best
  }
  const runNext = (): boolean => {
    const next = earliest()
    if (!next) return false
    timers.delete(next)
    now = Math.max(now, next.at)
    next.resolve()
    return true
  }
  // Several real macrotask hops let promise chains (body parsing, urql) settle before time jumps.
  const kick = (): void => {
    if (scheduled || clock.manual) return
    scheduled = true
    let hops = 0
    const step = (): void => {
      if (clock.manual) {
        scheduled = false
        return
      }
      if (inFlight > 0 && !clock.advanceWhileInFlight) {
        scheduled = false
        return
      }
      if (++hops < 4) {
        setImmediate(step)
        return
      }
      scheduled = false
      if (runNext()) kick()
    }
    setImmediate(step)
  }

  const clock: VirtualClock = {
    now: () => now,
    random: () => 0.5,
    sleeps,
    advanceWhileInFlight: false,
    manual: false,
    pending: () => timers.size,
    runNext,
    sleep(ms, signal) {
      sleeps.push(ms)
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason)
          return
        }
        const timer: Timer = {
          at: now + ms,
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        const onAbort = (): void => {
          timers.delete(timer)
          reject(signal?.reason)
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        timers.add(timer)
        kick()
      })
    },
    track(fetch) {
      return async (input, init) => {
        inFlight++
        try {
          const response = await fetch(input, init)
          // Read the body here, so "not in flight" means the client has everything.
          const body = await response.arrayBuffer()
          return new Response(body, {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          })
        } finally {
          inFlight--
          kick()
        }
      }
    },
  }
  return clock
}

export type Mode = 'in-process' | 'http'
export const MODES: Mode[] = ['in-process', 'http']

/** A mock (in-process or behind real HTTP), a virtual clock, and a client wired to both. */
export interface Harness {
  mock: MockDinoAiControls
  url: string
  clock: VirtualClock
  /** The raw fetch reaching the mock. */
  fetch: Fetch
  client(options?: Partial<DinoAiClientOptions>): DinoAiClient
  close(): Promise<void>
}

export const API_KEY = 'test-key'
export const API_SECRET = 'sk-DISTINCTIVE-secret-4f1c9e'

export async function harness(mode: Mode, options: MockDinoAiOptions = {}): Promise<Harness> {
  const clock = createVirtualClock()
  let mock: MockDinoAiControls
  let fetch: Fetch
  let close = async (): Promise<void> => {}
  if (mode === 'in-process') {
    const m = createMockDinoAi(options)
    mock = m
    fetch = m.fetch as Fetch
  } else {
    const { startMockDinoAiServer } = await import('@dinoai/testing')
    const server = await startMockDinoAiServer(options)
    mock = server
    fetch = globalThis.fetch
    close = () => server.close()
  }
  const url = mock.url
  return {
    mock,
    url,
    clock,
    fetch,
    client: (overrides = {}) =>
      createDinoAiClient({
        endpoint: url,
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        fetch: clock.track(overrides.fetch ?? fetch),
        clock,
        requestTimeoutMs: 0,
        ...withoutFetch(overrides),
      }),
    close,
  }
}

function withoutFetch(options: Partial<DinoAiClientOptions>): Partial<DinoAiClientOptions> {
  const { fetch: _fetch, ...rest } = options
  return rest
}

/** Quick waits: 1 s first delay, 10 s interval, all virtual. */
export const FAST = { minDelayMs: 1_000, pollIntervalMs: 10_000 } as const

/** The reads (dinoaiAgentRun requests, single or batched) the mock received. */
export function readRequests(mock: MockDinoAiControls) {
  return mock.requests.filter(
    (r) => r.operationName === 'DinoaiAgentRun' || r.operationName === 'DinoaiAgentRunBatch',
  )
}

/**
 * Resolves once the mock has received `count` requests. Over HTTP a request takes a scheduler-
 * dependent time to arrive, so a test that aborts "while in flight" waits for arrival, not for a
 * fixed number of milliseconds (which fails on a loaded machine).
 */
export async function received(mock: MockDinoAiControls, count = 1): Promise<void> {
  while (mock.requests.length < count) await new Promise((resolve) => setImmediate(resolve))
}

/** A mock that accepts API_KEY and API_SECRET, and nothing else. */
export const credentialed = (options: MockDinoAiOptions = {}): MockDinoAi =>
  createMockDinoAi({ credentials: { apiKey: API_KEY, apiSecret: API_SECRET }, ...options })

/** A client on `mock` with API_KEY and API_SECRET; `fetch` replaces the mock's own (e.g. a proxy in front). */
export function clientOn(mock: MockDinoAi, options: Partial<DinoAiClientOptions> = {}): DinoAiClient {
  return createDinoAiClient({
    endpoint: mock.url,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    fetch: mock.fetch,
    ...options,
  })
}

/** Triggers a run straight on the mock, past any proxy a test puts in front; its session id. */
export async function triggerOn(mock: MockDinoAi, message = 'setup'): Promise<string> {
  return (await clientOn(mock).triggerRun({ message })).agentSessionId
}
