import type { DinoAiAgentRunStatus, DinoAiAgentStartupStep, DinoAiAgentStep } from '@dinoai/operations'
import { GraphQLError } from 'graphql'

/** The agent pod's start-up checklist, in order. Items get done as the run leaves QUEUED. */
export const STARTUP_CHECKLIST: readonly string[] = Object.freeze([
  'Queued',
  'Starting the agent pod',
  'Loading the agent',
])

/** How a run's agent steps are asked for: the arguments of `DinoAiAgentRun.steps`. */
export interface StepsArgs {
  after?: number | null
  includeToolIo?: boolean | null
  maxChars?: number | null
}

/** The role of the agent step that records a transcript message: `user` → USER, `agent` → AGENT. */
export const stepRole = (messageRole: string): string => messageRole.toUpperCase()

/** A tool's input as the API sends it: text as is, anything else as JSON. */
export function toolInputText(input: unknown): string | null {
  if (input === undefined || input === null) return null
  return typeof input === 'string' ? input : JSON.stringify(input)
}

/** `text` cut to at most `max` characters (code points, so no surrogate pair is split). */
function cut(text: string | null, max: number | null): { text: string | null; cut: boolean } {
  if (text === null || max === null) return { text, cut: false }
  if (text.length <= max) return { text, cut: false }
  const points = Array.from(text)
  if (points.length <= max) return { text, cut: false }
  return { text: points.slice(0, max).join(''), cut: true }
}

/**
 * The steps `steps(after, includeToolIo, maxChars)` returns, from a run's recorded steps: only
 * indexes above `after`; without tool I/O (`includeToolIo: false`) a TOOL step's input and output
 * (its content) are null; `maxChars` cuts content and toolInput and sets `truncated`. Omitted
 * arguments mean: every step, tool I/O included, nothing cut.
 */
export function presentSteps(steps: readonly DinoAiAgentStep[], args: StepsArgs): DinoAiAgentStep[] {
  const max = args.maxChars ?? null
  if (max !== null && max < 0) {
    throw new GraphQLError(`maxChars must be 0 or more, got ${max}.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    })
  }
  const after = args.after ?? Number.NEGATIVE_INFINITY
  const withToolIo = args.includeToolIo ?? true
  return steps
    .filter((step) => step.index > after)
    .map((step) => {
      const isTool = step.toolName !== null
      const input = cut(withToolIo ? step.toolInput : null, max)
      const content = cut(isTool && !withToolIo ? null : step.content, max)
      return { ...step, toolInput: input.text, content: content.text, truncated: input.cut || content.cut }
    })
}

/** The checklist as `startupSteps` returns it. */
export function presentStartup(done: readonly boolean[]): DinoAiAgentStartupStep[] {
  return STARTUP_CHECKLIST.map((label, i) => ({ label, done: done[i] ?? false }))
}

/**
 * The checklist after a lifecycle step moved the run from `before` to `after`: a step that keeps
 * the run QUEUED finishes the next item but the last; leaving QUEUED finishes them all, except for
 * EXPIRED (the pod never started) and STOPPED, which finish only the first.
 */
export function advanceStartup(
  done: readonly boolean[],
  before: DinoAiAgentRunStatus,
  after: DinoAiAgentRunStatus,
): boolean[] {
  if (before !== 'QUEUED') return [...done]
  if (after === 'QUEUED') {
    const next = done.indexOf(false)
    return done.map((d, i) => d || (i === next && i < done.length - 1))
  }
  if (after === 'EXPIRED' || after === 'STOPPED') return done.map((d, i) => d || i === 0)
  return done.map(() => true)
}
