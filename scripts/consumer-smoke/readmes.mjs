// Each package's README, as the registry shows it, must start with what the package is for and a
// copyable example. The TypeScript examples of that first section become part of the downstream
// project: type-checked with the rest, and run by vitest when they are tests.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The lines between the README's title and its first `## ` heading, with their README line numbers. */
function firstSection(text) {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.startsWith('# ')) + 1
  const end = lines.findIndex((line, i) => i >= start && line.startsWith('## '))
  return lines
    .slice(start, end === -1 ? lines.length : end)
    .map((line, i) => ({ line, number: start + i + 1 }))
}

/** The fenced blocks of a section, and the prose that comes before the first of them. */
function splitSection(section) {
  const blocks = []
  let prose = ''
  let open
  for (const { line, number } of section) {
    const fence = /^```(\S*)(.*)$/.exec(line)
    if (fence && !open) {
      open = { language: fence[1], number, body: [] }
    } else if (fence && open) {
      blocks.push({ language: open.language, line: open.number, code: open.body.join('\n') })
      open = undefined
    } else if (open) {
      open.body.push(line)
    } else if (blocks.length === 0) {
      prose += `${line}\n`
    }
  }
  return { prose: prose.trim(), blocks }
}

/**
 * Checks the README of installed package `name` and writes the TypeScript examples of its first
 * section into `projectDir`: examples that import vitest as test/readme-*.test.ts, others as
 * readme/*.ts. Returns a result for the report.
 */
export function checkReadmeStart(projectDir, name) {
  const readme = join(projectDir, 'node_modules', name, 'README.md')
  const label = `${name} README starts with what it is for and a copyable example`
  if (!existsSync(readme)) return { label, ok: false, detail: `${readme} is missing from the tarball` }
  const { prose, blocks } = splitSection(firstSection(readFileSync(readme, 'utf8')))
  const problems = []
  if (prose === '') problems.push('no text before the first code block says what the package is for')
  if (blocks.length === 0)
    problems.push('its first section (before the first "## " heading) has no code block')
  const slug = name.replace(/^@/, '').replace('/', '-')
  let written = 0
  for (const block of blocks.filter((b) => b.language === 'ts' || b.language === 'typescript')) {
    const isTest = /from ['"]vitest['"]/.test(block.code)
    const folder = join(projectDir, isTest ? 'test' : 'readme')
    mkdirSync(folder, { recursive: true })
    const file = `readme-${slug}-line-${block.line}${isTest ? '.test.ts' : '.ts'}`
    writeFileSync(join(folder, file), `${block.code}\nexport {}\n`)
    written++
  }
  const examples =
    written === 0 ? '' : ` (${written} TypeScript example${written > 1 ? 's' : ''} added to the project)`
  return { label: `${label}${examples}`, ok: problems.length === 0, detail: problems.join('\n') }
}
