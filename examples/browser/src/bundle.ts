/**
 * Bundles the browser pages with esbuild, in memory, the way an app would bundle @dinoai/client:
 * ESM for the browser platform, minified. Workspace packages resolve through their `source`
 * export condition, so no build of the packages is needed first.
 */

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { StaticFile } from './serve.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The page scripts, by output name: served at /<name>.js. */
const ENTRIES = {
  'client-page': here('./client-page.ts'),
  'msw-page': here('./msw-page.ts'),
}

const html = (script: string, title: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1><pre id="log"></pre><script type="module" src="${script}"></script></body></html>`

/** Bundles both pages and returns every file the test server serves, by path. */
export async function buildPages(): Promise<Map<string, StaticFile>> {
  const result = await build({
    entryPoints: ENTRIES,
    bundle: true,
    write: false,
    outdir: '/',
    entryNames: '[name]',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    conditions: ['source'],
    // @dinoai/testing's main entry also exports the Node-only HTTP server; the MSW page never uses
    // it, and the package is side-effect free, so esbuild drops that module and its node: imports.
    external: ['node:*'],
    logLevel: 'silent',
  })
  const files = new Map<string, StaticFile>()
  for (const output of result.outputFiles) {
    files.set(output.path, { body: output.contents, type: 'text/javascript' })
  }
  files.set('/client.html', {
    body: html('/client-page.js', '@dinoai/client in Chromium'),
    type: 'text/html',
  })
  files.set('/msw.html', { body: html('/msw-page.js', '@dinoai/testing/msw in Chromium'), type: 'text/html' })
  // MSW's service worker script, served from the root so that it may control every page.
  const worker = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js')
  files.set('/mockServiceWorker.js', { body: readFileSync(worker), type: 'text/javascript' })
  return files
}
