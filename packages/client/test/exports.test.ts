import { readFileSync } from 'node:fs'
import * as client from '@dinoai/client'
import { describe, expect, test } from 'vitest'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8')
// The code of the executed examples (```ts fences, not ```ts no-run).
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n')

describe('public surface', () => {
  test('every runtime export is used in an executed README example', () => {
    for (const name of Object.keys(client)) expect(examples, name).toMatch(new RegExp(`\\b${name}\\b`))
  })

  test('every exported type is used in an executed README example', () => {
    const types = [...index.matchAll(/\btype (\w+)/g)].map((m) => m[1] as string)
    const block = [...index.matchAll(/export type \{([^}]*)\}/g)].flatMap((m) =>
      (m[1] ?? '').split(',').map((s) => s.trim()),
    )
    const names = new Set([...types, ...block].filter((n) => /^[A-Z]/.test(n)))
    expect(names.size).toBeGreaterThan(15)
    for (const name of names) expect(examples, name).toMatch(new RegExp(`\\b${name}\\b`))
  })
})
