import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DocumentNode } from 'graphql'
import { print } from 'graphql'
import { afterEach } from 'vitest'

/** A fresh temporary folder per test, removed after it: `cassettePath()` names a file in it. */
export function useCassetteDir(): () => string {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })
  return () => {
    dir ??= mkdtempSync(join(tmpdir(), 'dinoai-cassette-'))
    return join(dir, 'cassette.ndjson')
  }
}

/** POSTs a GraphQL request with `fetchFn` and returns the status and the parsed body. */
export async function post(
  fetchFn: (input: string, init?: RequestInit) => Promise<Response>,
  url: string,
  document: DocumentNode | string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected field by field
): Promise<{ status: number; body: any }> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
  })
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text) }
}

/** The cassette's lines, parsed (the header first). */
// biome-ignore lint/suspicious/noExplicitAny: lines are inspected field by field
export function lines(text: string): any[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line))
}

/** One exchange line of a hand-written cassette: a JSON answer to a document. */
export function exchangeLine(entry: {
  document: DocumentNode | string
  operationName: string | null
  variables?: Record<string, unknown> | null
  status?: number
  body: unknown
  at?: number
  ms?: number
}): string {
  const query = typeof entry.document === 'string' ? entry.document : print(entry.document)
  return `${JSON.stringify({
    at: entry.at ?? 0,
    ms: entry.ms ?? 0,
    operationName: entry.operationName,
    variables: entry.variables ?? null,
    queryHash: 'sha256:hand-written',
    query,
    response: {
      status: entry.status ?? 200,
      headers: { 'content-type': 'application/json' },
      body: entry.body,
    },
  })}\n`
}
