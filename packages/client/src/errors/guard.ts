import type { DinoAiWarning, WarningHandler } from '../warnings.js'
import type { WatchEvent } from '../watch/events.js'
import { DinoAiRunFailedError, type GraphQLErrorEntry } from './errors.js'
import type { Redactor } from './redact.js'

// Everything diagnostic leaves the client through here: errors (whoever built them: transport,
// GraphQL answers, poller, waits) and warnings have every secret redacted, on a copy. Results
// (runs, events' runs, the trigger's `warning` string) are the caller's data and stay untouched.

function redactEntry(entry: GraphQLErrorEntry, redactor: Redactor): GraphQLErrorEntry {
  const copy: GraphQLErrorEntry = { message: redactor.text(entry.message) }
  if (entry.path) copy.path = entry.path.map((p) => (typeof p === 'string' ? redactor.text(p) : p))
  if (entry.extensions) {
    const pairs = Object.entries(entry.extensions).map(([k, v]) => [redactor.text(k), redactor.data(v)])
    copy.extensions = Object.fromEntries(pairs)
  }
  return copy
}

/** The warning with every secret in its message and errors redacted. */
export function redactWarning(warning: DinoAiWarning, redactor: Redactor): DinoAiWarning {
  return {
    ...warning,
    message: redactor.text(warning.message),
    errors: warning.errors.map((e) => redactEntry(e, redactor)),
  }
}

/** A warning handler that hands the caller's handler redacted warnings (undefined stays undefined). */
export function redactedHandler(
  handler: WarningHandler | undefined,
  redactor: Redactor,
): WarningHandler | undefined {
  return handler && ((warning) => handler(redactWarning(warning, redactor)))
}

/** Runs `method`, redacting whatever it throws. */
export function guarded<Args extends unknown[], Result>(
  method: (...args: Args) => Promise<Result>,
  redactor: Redactor,
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    try {
      return await method(...args)
    } catch (error) {
      throw redactor.error(error)
    }
  }
}

/** The events with a failed event's error and a warning event's warning redacted, and any error thrown too. */
export async function* redactEvents(
  events: AsyncIterable<WatchEvent>,
  redactor: Redactor,
): AsyncGenerator<WatchEvent> {
  try {
    for await (const event of events) {
      if (event.type === 'failed') {
        const error = redactor.error(event.error)
        yield error instanceof DinoAiRunFailedError ? { ...event, error } : event
      } else if (event.type === 'warning') {
        yield { ...event, warning: redactWarning(event.warning, redactor) }
      } else {
        yield event
      }
    }
  } catch (error) {
    throw redactor.error(error)
  }
}
