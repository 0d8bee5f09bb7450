/** How a test page reports back: a JSON-safe result on `window.dinoaiReport`, and lines on screen. */

/** What a page found, or the error that stopped it. */
export interface PageReport {
  /** Each check's outcome, by name; strings and numbers only, so that it crosses into Node as JSON. */
  results: Record<string, string | number | boolean | string[]>
  /** Set when the page's scenario threw: the error's name, `code` (DinoAiError) and message. */
  error?: { name: string; code: string | undefined; message: string }
}

declare global {
  interface Window {
    /** Set once by the page: its scenario's outcome. */
    dinoaiReport?: Promise<PageReport>
  }
}

/** Appends a line to the page's log, for whoever looks at the page. */
export function show(line: string): void {
  const log = document.getElementById('log')
  if (log) log.textContent += `${line}\n`
}

/** Runs the page's scenario and publishes its report (or its error) on `window.dinoaiReport`. */
export function publish(scenario: (results: PageReport['results']) => Promise<void>): void {
  const results: PageReport['results'] = {}
  window.dinoaiReport = scenario(results).then(
    () => {
      show('done')
      return { results }
    },
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error))
      const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined
      show(`error: ${e.name} ${code ?? ''} ${e.message}`)
      return { results, error: { name: e.name, code, message: e.message } }
    },
  )
}
