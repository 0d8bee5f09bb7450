// Session ids in a cassette are placeholders (`<session-1>`, ...) in the order the recording first
// met them, so a cassette recorded twice differs only where the answers did; each replay maps them
// to fresh ids, so parallel replays of one cassette never hand out the same id.
import { eachString, isJsonObject, type Json } from './json.js'

/** The placeholders a cassette holds where session ids were. */
export const PLACEHOLDER = /<session-\d+>/g

// Where answers name sessions: the id of a run, a trigger or a follow-up, and a run's children.
// A document of an app's own that aliases these fields records its ids as they were.
const ID_FIELD = 'agentSessionId'
const CHILDREN_FIELD = 'childSessionIds'

function sessionIdsIn(value: Json, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) sessionIdsIn(item, out)
    return
  }
  if (!isJsonObject(value)) return
  for (const [key, item] of Object.entries(value)) {
    if (key === ID_FIELD && typeof item === 'string' && item !== '') out.push(item)
    else if (key === CHILDREN_FIELD && Array.isArray(item)) {
      for (const child of item) if (typeof child === 'string' && child !== '') out.push(child)
    } else sessionIdsIn(item, out)
  }
}

/** The recorder's side: which recorded ids become which placeholders. */
export interface SessionNamer {
  /**
   * Learns the ids an answer names. An id already sent in an earlier request (a session made
   * before the recording, or an unknown one) was the caller's, not the recording's: it stays as it is.
   */
  learn(request: { query: string; variables: Json | null }, body: Json): void
  /** The text with every learned session id replaced by its placeholder. */
  rename(text: string): string
}

/** A namer that numbers sessions from 1. */
export function createSessionNamer(): SessionNamer {
  const placeholders = new Map<string, string>()
  const sent = new Set<string>()
  const queries = new Set<string>()
  // Longest first, so an id that contains another is replaced whole.
  let ids: string[] = []
  return {
    learn(request, body) {
      queries.add(request.query)
      if (request.variables) eachString(request.variables, (s) => sent.add(s))
      const found: string[] = []
      sessionIdsIn(body, found)
      for (const id of found) {
        if (placeholders.has(id) || sent.has(id) || [...queries].some((q) => q.includes(id))) continue
        placeholders.set(id, `<session-${placeholders.size + 1}>`)
        ids = [...placeholders.keys()].sort((a, b) => b.length - a.length)
      }
    },
    rename(text) {
      let out = text
      for (const id of ids) if (out.includes(id)) out = out.split(id).join(placeholders.get(id) ?? id)
      return out
    },
  }
}

const FRESH_PREFIX = 'dinoai-agent-'

/** The shape of the ids a replay hands out: the mock's own (`dinoai-agent-` and 12 hex digits). */
export const FRESH_ID = /dinoai-agent-[0-9a-f]{12}/g

/** A session id no other replay hands out: random, not seeded, since parallel replays share a seed. */
export function freshSessionId(): string {
  const bytes = new Uint8Array(6)
  globalThis.crypto.getRandomValues(bytes)
  return FRESH_PREFIX + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
