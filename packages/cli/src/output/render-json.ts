import type { Renderer, RendererOptions } from './render.js'

/** `--json`: one JSON object per line on stdout, hints and warnings (also) on stderr. */
export function jsonRenderer({ stdout, stderr, palette }: RendererOptions): Renderer {
  const emit = (value: unknown) => stdout.write(`${JSON.stringify(value)}\n`)
  return {
    mode: 'json',
    palette,
    accepted(command, accepted) {
      emit({ type: 'accepted', command, agentSessionId: accepted.agentSessionId, status: accepted.status })
    },
    waiting() {},
    event(event) {
      emit(event)
      // A warning is also a diagnostic: CI logs show stderr even when stdout goes to a file.
      if (event.type === 'warning') stderr.write(`warning: ${event.message}\n`)
    },
    final(run) {
      emit({ type: 'run', run })
    },
    stopped(result, stopped) {
      emit({ type: 'stop', agentSessionId: result.agentSessionId, status: result.status, stopped })
    },
    snapshot(run) {
      emit({ type: 'run', run })
    },
    note(text) {
      stderr.write(`${text}\n`)
    },
    close() {},
  }
}
