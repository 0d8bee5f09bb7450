import type { SchemaChanges } from './changes.js'
import type { DocumentProblem } from './documents.js'

/** Everything a pull or a check found, for the report. */
export interface SchemaOutcome {
  mode: 'pull' | 'check'
  /** The schema file, as the user named it. */
  file: string
  /** The endpoint, without query string or credentials. */
  where: string
  /** Whether the file existed before. */
  existed: boolean
  /** Whether the printed schema differs from the file's text (pull wrote it). */
  changed: boolean
  /** The schema changes against the file; undefined when there was no file to compare with. */
  changes: SchemaChanges | undefined
  /** How many documents were checked, and whether they are the SDK's own (no --documents). */
  documents: { count: number; shipped: boolean }
  problems: readonly DocumentProblem[]
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

function headline({ mode, file, where, existed, changed }: SchemaOutcome): string {
  if (!changed) return `${file} is up to date with the schema at ${where}.`
  if (mode === 'check') return `${file} differs from the schema at ${where} (nothing written).`
  return existed
    ? `${file} changed: written from ${where}.`
    : `${file} written from ${where} (it did not exist).`
}

function changeLines(changes: SchemaChanges | undefined, changed: boolean): string[] {
  if (!changed || changes === undefined) return []
  const { breaking, dangerous, safe } = changes
  const total = breaking.length + dangerous.length + safe.length
  if (total === 0) {
    return [
      'No change to the schema itself: only the layout of the file differs (order, blank lines, description style).',
    ]
  }
  return [
    `${plural(total, 'change')}: ${breaking.length} breaking, ${dangerous.length} dangerous, ${safe.length} safe.`,
    ...breaking.map((m) => `  breaking   ${m}`),
    ...dangerous.map((m) => `  dangerous  ${m}`),
    ...safe.map((m) => `  safe       ${m}`),
  ]
}

function documentLines({ documents, problems }: SchemaOutcome): string[] {
  const whose = documents.shipped
    ? "the SDK's documents; pass --documents GLOB for your own"
    : 'from --documents'
  if (problems.length === 0) {
    return [
      `${plural(documents.count, 'document')} checked (${whose}): all validate against the API's schema.`,
    ]
  }
  const lines = [
    `${plural(problems.length, 'problem')} in the ${plural(documents.count, 'document')} checked (${whose}): they do not validate against the API's schema.`,
    ...problems.map((p) => `  ${p.where}  ${p.message}`),
  ]
  if (documents.shipped) {
    lines.push(
      '@dinoai/client sends its newer documents (steps, model family, stop) only when asked for them; an API that refuses the others needs the SDK release that matches it.',
    )
  }
  return lines
}

function nextStep({ mode, file, changed }: SchemaOutcome): string[] {
  if (!changed) return []
  return mode === 'pull'
    ? [`Next: run your codegen, fix what it and your typecheck report, and commit ${file}.`]
    : [`Run dinoai schema pull to update ${file}, then your codegen.`]
}

/** The report on stdout: what happened to the file, what changed, which documents fail, what next. */
export function schemaReport(outcome: SchemaOutcome): string[] {
  return [
    headline(outcome),
    ...changeLines(outcome.changes, outcome.changed),
    ...documentLines(outcome),
    ...nextStep(outcome),
  ]
}
