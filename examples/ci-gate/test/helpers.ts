import { createMockDinoAi, type MockDinoAi } from '@dinoai/testing'
import { type MainContext, main } from '../src/index.js'

export const SECRET = 'ci-gate-secret-0123456789'

/** The environment of a CI job pointed at the mock, as a user's workflow would set it. */
export function ciEnv(mock: { url: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PARADIME_API_ENDPOINT: mock.url,
    PARADIME_API_KEY: 'ci-key',
    PARADIME_API_SECRET: SECRET,
    ...extra,
  }
}

/** What one run of the gate printed and returned. */
export interface GateRun {
  code: number
  out: string[]
  err: string[]
  /** Everything printed, in one string, for checks that no secret leaked. */
  all: string
}

/**
 * Runs the gate's `main` against `mock` on the mock's virtual clock: the client's default 1 s .. 10 s
 * polling costs no real time. `onOut` sees each progress line as it is printed.
 */
export async function runMain(
  mock: MockDinoAi,
  argv: string[],
  env: Record<string, string>,
  extra: Partial<Pick<MainContext, 'signal'>> & { onOut?: (line: string) => void } = {},
): Promise<GateRun> {
  const out: string[] = []
  const err: string[] = []
  const code = await main({
    argv,
    env,
    io: {
      out: (line) => {
        out.push(line)
        extra.onOut?.(line)
      },
      err: (line) => err.push(line),
    },
    clientOptions: { fetch: mock.fetch, clock: mock.clock },
    ...(extra.signal ? { signal: extra.signal } : {}),
  })
  return { code, out, err, all: [...out, ...err].join('\n') }
}

/** A mock that only accepts the CI job's credentials. */
export function ciMock(): MockDinoAi {
  return createMockDinoAi({ credentials: { apiKey: 'ci-key', apiSecret: SECRET } })
}
