import type { DinoAiAgentRun } from '@dinoai/operations'

// The slice of @dinoai/client the CLI drives. Typed structurally so that tests and embedders can hand
// runCli any client with these methods (a real one, or one bound to an in-process mock).

/** What the trigger mutation accepts. */
export interface CliTriggerInput {
  agent?: string
  message?: string
  slack?: { channel: string; threadTs: string }
  baseBranch?: string
}

/** The answer to a trigger or a follow-up. */
export interface CliAccepted {
  agentSessionId: string
  status: string
}

/** How long and how often to poll, and how to stop early. */
export interface CliWaitOptions {
  timeoutMs?: number
  pollIntervalMs?: number
  signal?: AbortSignal
  onUpdate?: (run: DinoAiAgentRun) => void
}

/** The client methods the commands use. */
export interface CliClient {
  triggerRun(input: CliTriggerInput): Promise<CliAccepted>
  sendMessage(agentSessionId: string, message: string): Promise<CliAccepted>
  getRun(agentSessionId: string): Promise<DinoAiAgentRun>
  waitForRun(agentSessionId: string, options?: CliWaitOptions): Promise<DinoAiAgentRun>
  sendMessageAndWait(
    agentSessionId: string,
    message: string,
    options?: CliWaitOptions,
  ): Promise<DinoAiAgentRun>
}

/** The options the CLI builds a client with. */
export interface CliClientOptions {
  endpoint: string
  apiKey?: string
  apiSecret: string
  workspaceUid?: string
  fetch?: typeof fetch
}
