import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// One root config: each package is a project. Tests import workspace packages through the
// `source` export condition, so they run from TypeScript sources without a prior build.
const packages = ['operations', 'client', 'testing', 'cli'] as const

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
    projects: packages.map((name) => ({
      extends: true,
      test: {
        name,
        root: fileURLToPath(new URL(`packages/${name}/`, import.meta.url)),
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
  },
})
