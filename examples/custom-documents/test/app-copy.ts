// A copy of this app next to it (so its imports resolve through the same node_modules), for tests that
// edit its documents or its schema and then run its codegen and its typecheck. Removed by `remove()`.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generate, loadCodegenConfig } from '@graphql-codegen/cli'

const app = fileURLToPath(new URL('..', import.meta.url))
const tsc = fileURLToPath(new URL('../../../node_modules/.bin/tsc', import.meta.url))

export interface AppCopy {
  readonly dir: string
  read(path: string): string
  write(path: string, text: string): void
  /** The app's codegen (its own codegen.ts), run in the copy; rejects with codegen's errors. */
  codegen(): Promise<void>
  /** The app's typecheck: tsc on the copy's tsconfig. */
  typecheck(): { ok: boolean; output: string }
  remove(): void
}

let copies = 0

/** Copies the app's sources, codegen config and tsconfig (not its generated types: run `codegen()`). */
export function copyApp(): AppCopy {
  const dir = join(app, `.app-copy-${process.pid}-${++copies}`)
  mkdirSync(dir)
  for (const file of ['package.json', 'codegen.ts']) cpSync(join(app, file), join(dir, file))
  cpSync(join(app, 'src'), join(dir, 'src'), {
    recursive: true,
    filter: (source) => !source.startsWith(join(app, 'src', 'gql')),
  })
  const tsconfig = {
    extends: '../../../tsconfig.base.json',
    compilerOptions: { noEmit: true },
    include: ['src'],
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig))
  return {
    dir,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    },
    async codegen() {
      const { config } = await loadCodegenConfig({ configFilePath: join(dir, 'codegen.ts') })
      const outputs = await generate({ ...config, cwd: dir, silent: true }, false)
      for (const { filename, content } of outputs) {
        const path = isAbsolute(filename) ? filename : join(dir, filename)
        mkdirSync(dirname(path), { recursive: true })
        writeFileSync(path, content)
      }
    },
    typecheck() {
      // One thread: the machine's other test tasks keep their share of its two cores.
      const result = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json'), '--singleThreaded'], {
        encoding: 'utf8',
      })
      return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
