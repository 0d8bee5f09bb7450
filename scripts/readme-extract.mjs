// Finds the TypeScript examples of a README. Plain JavaScript, so that both the tests (through
// readme-examples.ts) and Node scripts such as typecheck-readmes.mjs can use the same rules:
// every ```ts fence is an example unless its info string says `no-run`.
import { readFileSync } from 'node:fs'

export function readmeExamples(readmePath) {
  const lines = readFileSync(readmePath, 'utf8').split('\n')
  const examples = []
  let heading = 'README'
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const h = /^#+\s+(.*)$/.exec(line)
    if (h?.[1]) heading = h[1]
    const fence = /^```(ts|typescript)\b(.*)$/.exec(line)
    if (!fence) continue
    const body = []
    let j = i + 1
    for (; j < lines.length && !(lines[j] ?? '').startsWith('```'); j++) body.push(lines[j] ?? '')
    if (!/\bno-run\b/.test(fence[2] ?? '')) {
      examples.push({ name: `${heading} (line ${i + 1})`, code: body.join('\n'), line: i + 1 })
    }
    i = j
  }
  return examples
}
