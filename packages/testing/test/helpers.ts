import { createMockDinoAi, type MockDinoAiControls, type MockDinoAiOptions } from '@dinoai/testing'
import type { DocumentNode } from 'graphql'
import { print } from 'graphql'

/** A mock under test, with a fetch that reaches it (in-process, or global fetch over HTTP). */
export interface Harness {
  mock: MockDinoAiControls
  fetch: (input: string, init?: RequestInit) => Promise<Response>
  close(): Promise<void>
}

export type Mode = 'in-process' | 'http'

export async function harness(mode: Mode, options: MockDinoAiOptions = {}): Promise<Harness> {
  if (mode === 'in-process') {
    const mock = createMockDinoAi(options)
    return { mock, fetch: mock.fetch, close: async () => {} }
  }
  const { startMockDinoAiServer } = await import('@dinoai/testing')
  const server = await startMockDinoAiServer(options)
  return { mock: server, fetch: (input, init) => fetch(input, init), close: () => server.close() }
}

export const MODES: Mode[] = ['in-process', 'http']

/** POSTs a GraphQL request and returns the status and parsed body. */
export async function gql(
  h: Harness,
  document: DocumentNode | string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected field by field
): Promise<{ status: number; body: any; response: Response }> {
  const query = typeof document === 'string' ? document : print(document)
  const response = await h.fetch(h.mock.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text), response }
}
