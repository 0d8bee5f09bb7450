import type {
  DinoAiAgentRun,
  DinoAiAgentRunWithSteps,
  DinoAiAgentRunWithStepsQueryVariables,
  DinoAiAgentStartupStep,
  DinoAiAgentStep,
} from '@dinoai/operations'
import { DinoAiValidationError } from '../errors/errors.js'

/** Which of a run's steps to read, for `getRun(id, { steps })`. Each option is left to the server when omitted. */
export interface StepsOptions {
  /** Only steps with a greater `index` (pass the last index you have); all steps when omitted. */
  after?: number | undefined
  /** Whether tool steps carry their input (and output); false leaves `toolInput` null. */
  includeToolIo?: boolean | undefined
  /** Cut each step's text to this many characters; a cut step has `truncated: true`. */
  maxChars?: number | undefined
}

/** Which steps `watchRun(id, { steps })` follows: as StepsOptions, without `after` (the poller keeps that cursor). */
export interface WatchStepsOptions {
  /** Whether tool steps carry their input (and output); false leaves `toolInput` null. */
  includeToolIo?: boolean | undefined
  /** Cut each step's text to this many characters; a cut step has `truncated: true`. */
  maxChars?: number | undefined
}

/** A run as the poller hands it out: read with the older document, or with steps. */
export type PolledRun = DinoAiAgentRun | DinoAiAgentRunWithSteps

function wholeNumber(field: string, value: unknown, min: number, hint: string): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new DinoAiValidationError(field, `${field} must be a whole number >= ${min}: ${hint}.`)
  }
  return value
}

/**
 * Checks a `steps` option (`true`, `false`, or an options object) and returns the options to read
 * steps with, or undefined for no steps. `after` is only accepted where `allowAfter` says so.
 */
export function checkSteps(field: string, steps: unknown, allowAfter: boolean): StepsOptions | undefined {
  if (steps === undefined || steps === false) return undefined
  if (steps === true) return {}
  if (typeof steps !== 'object' || steps === null || Array.isArray(steps)) {
    throw new DinoAiValidationError(
      field,
      `${field} must be true, false or an object { ${allowAfter ? 'after?, ' : ''}includeToolIo?, maxChars? }.`,
    )
  }
  const after = 'after' in steps ? steps.after : undefined
  if (after !== undefined && !allowAfter) {
    throw new DinoAiValidationError(
      `${field}.after`,
      `${field}.after is not an option here: watchRun keeps the cursor itself and yields each step once.`,
    )
  }
  const includeToolIo = 'includeToolIo' in steps ? steps.includeToolIo : undefined
  if (includeToolIo !== undefined && typeof includeToolIo !== 'boolean') {
    throw new DinoAiValidationError(`${field}.includeToolIo`, `${field}.includeToolIo must be true or false.`)
  }
  return {
    after: wholeNumber(`${field}.after`, after, 0, 'the index of the last step you have'),
    includeToolIo,
    maxChars: wholeNumber(
      `${field}.maxChars`,
      'maxChars' in steps ? steps.maxChars : undefined,
      1,
      'characters per step',
    ),
  }
}

/** The variables of the run-with-steps document; options left undefined are not sent. */
export function stepsVariables(
  agentSessionId: string,
  options: StepsOptions,
): DinoAiAgentRunWithStepsQueryVariables {
  const variables: DinoAiAgentRunWithStepsQueryVariables = { agentSessionId }
  if (options.after !== undefined) variables.after = options.after
  if (options.includeToolIo !== undefined) variables.includeToolIo = options.includeToolIo
  if (options.maxChars !== undefined) variables.maxChars = options.maxChars
  return variables
}

/** What a snapshot read with steps adds: steps not seen before, and the checklist if it changed. */
export interface StepChanges {
  /** New steps, by increasing index. */
  steps: DinoAiAgentStep[]
  /** The start-up checklist, when it differs from the last one reported. */
  startupSteps: DinoAiAgentStartupStep[] | undefined
}

/**
 * Follows a run's steps across snapshots: each step once (by `index`, which only grows), and the
 * start-up checklist whenever it changes. A snapshot whose lists are null (the backend could not
 * read them) changes nothing; the next read brings them.
 */
export function createStepTracker(): { update(run: PolledRun): StepChanges } {
  let lastIndex = Number.NEGATIVE_INFINITY
  let lastChecklist: string | undefined
  return {
    update(run) {
      if (!('steps' in run)) return { steps: [], startupSteps: undefined }
      const steps = (run.steps ?? []).filter((s) => s.index > lastIndex).sort((a, b) => a.index - b.index)
      lastIndex = steps.at(-1)?.index ?? lastIndex
      let startupSteps: DinoAiAgentStartupStep[] | undefined
      if (run.startupSteps) {
        const checklist = JSON.stringify(run.startupSteps.map((s) => [s.label, s.done]))
        if (checklist !== lastChecklist) startupSteps = run.startupSteps
        lastChecklist = checklist
      }
      return { steps, startupSteps }
    },
  }
}
