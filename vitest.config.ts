import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// One root config: each package is a project. Tests import workspace packages through the
// `source` export condition, so they run from TypeScript sources without a prior build.
// Examples are projects too, named after their folder under examples/.
const packages = ['operations', 'client', 'testing', 'cli'] as const
const examples = ['browser', 'ci-gate', 'custom-documents', 'queue'] as const

export default defineConfig({
  resolve: {
    conditions: ['source'],
    // graphql 16 ships CommonJS (main) and ESM (module) without an exports map. Node, and so every
    // externalised dependency such as @graphql-tools, loads the CommonJS file; Vite would hand our
    // sources the ESM one, and graphql-js rejects schemas from "another realm". Tests share Node's copy.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: [
      ...packages.map((name) => [name, `packages/${name}/`] as const),
      ...examples.map((name) => [name, `examples/${name}/`] as const),
    ].map(([name, dir]) => ({
      extends: true,
      test: {
        name,
        root: fileURLToPath(new URL(dir, import.meta.url)),
        include: ['test/**/*.test.ts'],
        typecheck: {
          enabled: true,
          include: ['test/**/*.test-d.ts'],
          tsconfig: './tsconfig.json',
        },
      },
    })),
    // The suites never sleep in real time, so a slow test is a hung test.
    testTimeout: 20_000,
    // A private temporary folder per run, which must be empty at the end (scripts/vitest-tmpdir.ts).
    globalSetup: [fileURLToPath(new URL('scripts/vitest-tmpdir.ts', import.meta.url))],
  },
})
