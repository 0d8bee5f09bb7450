// Browser apps ship minified bundles, where class names are mangled: the client's errors must keep
// the names users match on (`error.name === 'DinoAiBadResponseError'`, logs, toJSON()).
import { build } from 'esbuild'
import { expect, test } from 'vitest'

test('error names survive a minified bundle', async () => {
  const result = await build({
    stdin: {
      contents: `
        import * as client from '@dinoai/client'
        export const names = Object.entries(client)
          .filter(([key, value]) => key.endsWith('Error') && typeof value === 'function')
          // Every error constructor accepts these without throwing; only the name is looked at.
          .map(([key, Class]) => [key, new Class('BAD_RESPONSE', 'x', {}).name])
      `,
      resolveDir: new URL('.', import.meta.url).pathname,
      loader: 'js',
    },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.text ?? ''
  const { names } = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as {
    names: [string, string][]
  }
  expect(names.length).toBeGreaterThanOrEqual(13)
  for (const [exported, name] of names) expect(name).toBe(exported)
})
