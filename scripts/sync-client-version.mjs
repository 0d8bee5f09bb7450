// After `changeset version` bumps the package.json versions, writes @dinoai/client's version into
// the VERSION constant it sends in its User-Agent (a literal, so bundlers need no JSON import).
// The client's tests fail while the two differ; this keeps a release from needing a hand edit.
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

const clientDir = resolve(import.meta.dirname, '..', 'packages', 'client')
const { version } = JSON.parse(readFileSync(resolve(clientDir, 'package.json'), 'utf8'))
const file = resolve(clientDir, 'src', 'version.ts')
const source = readFileSync(file, 'utf8')
const pattern = /export const VERSION = '[^']*'/
if (!pattern.test(source)) {
  console.error(`${file} no longer has "export const VERSION = '...'": update this script to match it.`)
  process.exit(1)
}
const updated = source.replace(pattern, `export const VERSION = '${version}'`)
if (updated !== source) writeFileSync(file, updated)
console.log(`@dinoai/client VERSION is ${version}`)
