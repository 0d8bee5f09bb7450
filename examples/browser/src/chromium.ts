/**
 * Finds Debian's Chromium, installing it with apt-get when it is missing (once per machine), and
 * launches it headless through playwright-core. No test tool downloads a browser of its own: the
 * registry packages that would do so cannot reach their download hosts here.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { type Browser, chromium } from 'playwright-core'

const run = promisify(execFile)

/** Where Debian's `chromium` package puts the browser. `CHROMIUM_PATH` overrides it. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** Why Chromium could not be made available, with what to do about it. */
export class ChromiumUnavailableError extends Error {
  override name = 'ChromiumUnavailableError'
}

const howToInstall = 'Install it with `sudo apt-get update && sudo apt-get install -y chromium`'

async function aptInstallChromium(log: (line: string) => void): Promise<void> {
  if (!existsSync('/usr/bin/apt-get')) {
    throw new ChromiumUnavailableError(
      `Chromium is not at ${DEFAULT_CHROMIUM} and this machine has no apt-get to install it. Install Chromium and set CHROMIUM_PATH to its executable.`,
    )
  }
  if (process.getuid?.() !== 0) {
    throw new ChromiumUnavailableError(
      `Chromium is not at ${DEFAULT_CHROMIUM}, and the browser test installs it only when it runs as root. ${howToInstall}, or set CHROMIUM_PATH.`,
    )
  }
  // Non-interactive, and waiting for a concurrent apt run to release its lock instead of failing.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const lockWait = ['-o', 'DPkg::Lock::Timeout=600']
  const steps: string[][] = [
    ['update', ...lockWait],
    ['install', '-y', '--no-install-recommends', ...lockWait, 'chromium'],
  ]
  for (const args of steps) {
    log(`$ apt-get ${args.join(' ')}`)
    try {
      await run('apt-get', args, { env, maxBuffer: 64 * 1024 * 1024 })
    } catch (error) {
      const output = error instanceof Error && 'stderr' in error ? String(error.stderr).slice(-2000) : ''
      throw new ChromiumUnavailableError(
        `apt-get ${args[0]} failed while installing Chromium for the browser test. ${howToInstall} and run the tests again.\n${output}`,
        { cause: error },
      )
    }
  }
}

/**
 * The Chromium executable to use: `CHROMIUM_PATH`, or Debian's, installed with apt-get (as root)
 * when missing. Throws `ChromiumUnavailableError` saying what to do when that is impossible.
 */
export async function ensureChromium(log: (line: string) => void = () => {}): Promise<string> {
  const given = process.env.CHROMIUM_PATH
  if (given) {
    if (!existsSync(given))
      throw new ChromiumUnavailableError(`CHROMIUM_PATH is ${given}, which does not exist.`)
    return given
  }
  if (!existsSync(DEFAULT_CHROMIUM)) await aptInstallChromium(log)
  if (!existsSync(DEFAULT_CHROMIUM)) {
    throw new ChromiumUnavailableError(
      `apt-get finished but ${DEFAULT_CHROMIUM} is still missing. ${howToInstall}.`,
    )
  }
  return DEFAULT_CHROMIUM
}

// This machine's network is closed: without these, Chromium keeps opening connections to Google's
// hosts (refused, many at a time) and tries QUIC. --no-sandbox because the tests run as root.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Starts Chromium headless (a fresh profile each time) and returns playwright-core's handle. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: 60_000 })
}
