import {
  type DinoAiAgentSlackInput,
  MAX_REQUEST_BYTES,
  requestBytes,
  type TriggerDinoAiAgentRunMutationVariables,
} from '@dinoai/operations'
import { DinoAiValidationError } from '../errors/errors.js'

/** What `triggerRun` accepts: at least one of `agent` and `message`. */
export interface TriggerRunInput {
  /** A YAML-defined agent's name (its file name under `.dinoai/agents/` without `.yml`). */
  agent?: string | undefined
  /** A prompt appended to the agent's context, or the whole prompt when no agent is given. */
  message?: string | undefined
  /** Post into this Slack channel and thread; both fields are required. */
  slack?: DinoAiAgentSlackInput | undefined
  /** The git branch the agent starts from; the server's default branch when omitted. */
  baseBranch?: string | undefined
  /**
   * The model family the agent runs on (e.g. "claude", "gpt"). An unknown family still starts the
   * run, on the default one, and the result's `warning` says so. Omitted, the trigger is sent as
   * older backends know it (they answer the argument with HTTP 400).
   */
  modelFamily?: string | undefined
}

const AGENT_NAME = /^[A-Za-z0-9._-]{1,100}$/

/**
 * What a request body holds besides the texts checked here: the document, its name, the JSON keys,
 * a session id and an agent name. Every document of this package fits in it (test/request-size.test.ts).
 */
export const DOCUMENT_ROOM_BYTES = 4096

const MAX_TEXT_BYTES = MAX_REQUEST_BYTES - DOCUMENT_ROOM_BYTES

// JSON escapes a UTF-16 unit into at most 6 bytes (\u0000): texts this short fit, unmeasured.
const SURELY_FITS_UNITS = Math.floor(MAX_TEXT_BYTES / 6)

/**
 * Refuses texts (a message, and a trigger's other free-form strings) whose request body would be
 * over the API's limit, counted as sent: UTF-8, JSON-escaped. Checked before anything is sent.
 */
function checkRequestSize(field: string, what: string, texts: readonly (string | undefined)[]): void {
  let units = 0
  for (const text of texts) units += text?.length ?? 0
  if (units <= SURELY_FITS_UNITS) return
  let bytes = 0
  for (const text of texts) if (text !== undefined) bytes += requestBytes(JSON.stringify(text))
  if (bytes <= MAX_TEXT_BYTES) return
  throw new DinoAiValidationError(
    field,
    `${what} is ${bytes} bytes as sent (UTF-8 JSON); the DinoAI API accepts requests of at most ${MAX_REQUEST_BYTES} bytes (1 MiB), which leaves ${MAX_TEXT_BYTES} for it. Shorten it, or put the long part where the agent can read it (a file in the repository) and refer to it.`,
  )
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === ''
}

/** Checks a trigger before anything is sent and returns the mutation's variables. */
export function triggerVariables(input: TriggerRunInput): TriggerDinoAiAgentRunMutationVariables {
  if (typeof input !== 'object' || input === null) {
    throw new DinoAiValidationError(
      'input',
      'triggerRun needs an object: { agent?, message?, slack?, baseBranch?, modelFamily? }.',
    )
  }
  const { agent, message, slack, baseBranch } = input
  if (isBlank(agent) && isBlank(message)) {
    throw new DinoAiValidationError(
      'agent',
      'triggerRun needs an agent name, a message, or both: e.g. { agent: "data-quality-checker" }.',
    )
  }
  if (agent !== undefined && !AGENT_NAME.test(agent)) {
    throw new DinoAiValidationError(
      'agent',
      // The value itself is not echoed: errors end up in logs, and people paste odd things here.
      `Agent name is not valid (${agent.length} characters): use 1 to 100 letters, digits, ".", "_" or "-" (the agent's file name under .dinoai/agents/ without .yml).`,
    )
  }
  if (slack !== undefined && (isBlank(slack?.channel) || isBlank(slack?.threadTs))) {
    throw new DinoAiValidationError(
      'slack',
      'slack needs both channel and threadTs, e.g. { channel: "C0123456789", threadTs: "1714142436.001200" }; omit slack to post nowhere.',
    )
  }
  checkModelFamily(input.modelFamily)
  const variables: TriggerDinoAiAgentRunMutationVariables = {}
  if (!isBlank(agent)) variables.agent = agent as string
  if (!isBlank(message)) variables.message = message as string
  if (slack !== undefined) variables.slack = { channel: slack.channel, threadTs: slack.threadTs }
  if (baseBranch !== undefined) variables.baseBranch = baseBranch
  checkRequestSize(
    message === undefined ? 'input' : 'message',
    message === undefined ? 'The trigger' : 'The message',
    [message, baseBranch, input.modelFamily, slack?.channel, slack?.threadTs],
  )
  return variables
}

/** Checks a model family: omitted, or a non-empty name. */
export function checkModelFamily(modelFamily: unknown): string | undefined {
  if (modelFamily === undefined) return undefined
  if (typeof modelFamily !== 'string' || modelFamily.trim() === '') {
    throw new DinoAiValidationError(
      'modelFamily',
      'modelFamily must be a model family name such as "claude" or "gpt"; omit it to run on the default family.',
    )
  }
  return modelFamily
}

/** Checks a session id: a non-empty string. */
export function checkSessionId(agentSessionId: unknown): string {
  if (typeof agentSessionId !== 'string' || agentSessionId.trim() === '') {
    throw new DinoAiValidationError(
      'agentSessionId',
      'agentSessionId must be a non-empty string: the agentSessionId returned by triggerRun.',
    )
  }
  return agentSessionId
}

/** Checks a follow-up message: a non-empty string. */
export function checkMessage(message: unknown): string {
  if (typeof message !== 'string' || message.trim() === '') {
    throw new DinoAiValidationError('message', 'message must be a non-empty string: the follow-up to send.')
  }
  checkRequestSize('message', 'The message', [message])
  return message
}
