import { type DinoAiClientOptions, type ResolvedConfig, resolveConfig } from './config/options.js'
import { DinoAiValidationError } from './errors/errors.js'
import { createRedactor, type Redactor } from './errors/redact.js'
import type { Poller } from './poll/poller.js'
import { createTranscriptMemory, type TranscriptMemory } from './watch/memory.js'
import { createRequester, type Requester } from './wire/request.js'
import { createTransport, type Transport } from './wire/transport.js'

/**
 * A configured connection to the DinoAI API, which every function of this package takes
 * (`getRun(connection, id)`, `waitForRun(connection, id)`, ...). It holds the checked
 * configuration, the urql transport and what the client remembers of transcripts; the shared
 * poller is made by the first wait, so an app that only reads runs never loads it. A `DinoAiClient`
 * is a connection too.
 */
export interface DinoAiConnection {
  /** The GraphQL endpoint requests go to. */
  readonly endpoint: string
}

/** What the functions of this package work with; the public connection is its handle. */
export interface ConnectionState {
  readonly config: ResolvedConfig
  readonly transport: Transport
  readonly request: Requester
  readonly redactor: Redactor
  readonly memory: TranscriptMemory
  /** Created by the first wait (poll/pollerOf), shared by all waits and watches after it. */
  poller: Poller | undefined
}

const states = new WeakMap<DinoAiConnection, ConnectionState>()

/**
 * Creates a connection. With no options, it reads PARADIME_API_ENDPOINT, PARADIME_API_KEY,
 * PARADIME_API_SECRET and PARADIME_WORKSPACE_UID. Throws DinoAiValidationError for a bad endpoint
 * or missing credentials, before any request.
 */
export function createDinoAiConnection(options: DinoAiClientOptions = {}): DinoAiConnection {
  const config = resolveConfig(options)
  const transport = createTransport(config)
  const state: ConnectionState = {
    config,
    transport,
    request: createRequester(transport, config),
    redactor: createRedactor(config.secrets),
    memory: createTranscriptMemory(),
    poller: undefined,
  }
  const connection: DinoAiConnection = { endpoint: config.endpoint }
  states.set(connection, state)
  return connection
}

/** Makes `handle` (a client object) a connection on the same state as `connection`. */
export function shareConnection<Handle extends DinoAiConnection>(
  handle: Handle,
  connection: DinoAiConnection,
): Handle {
  states.set(handle, stateOf(connection))
  return handle
}

/** The state behind a connection (or a client); anything else is a DinoAiValidationError. */
export function stateOf(connection: DinoAiConnection): ConnectionState {
  const state = states.get(connection)
  if (state === undefined) {
    throw new DinoAiValidationError(
      'connection',
      'Expected a connection from createDinoAiConnection() or a client from createDinoAiClient().',
    )
  }
  return state
}
