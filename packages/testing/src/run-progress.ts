import { advanceStartup, toolInputText } from './agent-steps.js'
import { type RunRecord, recordStep, snapshot } from './run-record.js'
import type { ScriptStep, SpawnChild, ToolCall } from './steps.js'

/** How runs move through their scripts: one step per read, or one per `everyMs` of clock time. */
export type AdvanceMode = 'per-read' | { everyMs: number }

/** What applying a script step does beyond the run itself. */
export interface StepEffects {
  addMessage(run: RunRecord, role: string, content: string): void
  spawn(run: RunRecord, child: SpawnChild, at: number): void
}

const isToolList = (tool: ToolCall | readonly ToolCall[]): tool is readonly ToolCall[] => Array.isArray(tool)

const toolCalls = (tool: ScriptStep['tool']): readonly ToolCall[] =>
  tool === undefined ? [] : isToolList(tool) ? tool : [tool]

/**
 * Applies a run's next script step (`at` is when, on the mock's clock): spawn the child, record the
 * tool calls, add the message, set the status, then move the start-up checklist along.
 */
export function applyScriptStep(run: RunRecord, at: number, effects: StepEffects): void {
  const step = run.pending[0]
  if (!step) return
  const before = run.status
  if (step.neverEnding) {
    run.status = 'RUNNING'
  } else {
    run.pending.shift()
    if (step.spawnChild) effects.spawn(run, step.spawnChild, at)
    for (const tool of toolCalls(step.tool)) {
      const output = typeof tool.output === 'function' ? tool.output(snapshot(run)) : (tool.output ?? null)
      recordStep(run, {
        role: 'TOOL',
        toolName: tool.name,
        toolInput: toolInputText(tool.input),
        content: output,
      })
    }
    if (step.message) {
      const { role, content } = step.message
      effects.addMessage(run, role, typeof content === 'function' ? content(snapshot(run)) : content)
    }
    if (step.status) run.status = step.status
  }
  run.startup = advanceStartup(run.startup, before, run.status)
}

/** When script steps happen: per read, or (time-driven) when each run's next step is due on the clock. */
export interface Timeline {
  readonly perRead: boolean
  /** When a run started at `at` takes its first step. */
  firstDue(at: number): number
  /** Applies every step that came due since the run was last seen (time-driven only). */
  catchUp(run: RunRecord): void
  /** Before new steps are queued for a run with none left: its next step is due one interval from now. */
  wake(run: RunRecord): void
}

/** The timeline of an advance mode; `apply` plays one step of a run at a clock time. */
export function timeline(
  advance: AdvanceMode,
  clockNow: () => number,
  apply: (run: RunRecord, at: number) => void,
): Timeline {
  const everyMs = advance === 'per-read' ? undefined : advance.everyMs
  return {
    perRead: everyMs === undefined,
    firstDue: (at) => at + (everyMs ?? 0),
    catchUp(run) {
      if (everyMs === undefined) return
      const time = clockNow()
      while (run.pending.length > 0 && run.dueAt <= time) {
        if (run.pending[0]?.neverEnding) {
          apply(run, run.dueAt)
          return
        }
        const at = run.dueAt
        run.dueAt += everyMs
        apply(run, at)
      }
    },
    wake(run) {
      if (everyMs !== undefined && run.pending.every((s) => s.neverEnding)) run.dueAt = clockNow() + everyMs
    },
  }
}
