import type {
  SendDinoAiAgentMessageMutation,
  StopDinoAiAgentRunMutation,
  StopDinoAiAgentRunMutationVariables,
  TriggerDinoAiAgentRunMutation,
  TriggerDinoAiAgentRunWithModelFamilyMutation,
} from '@dinoai/operations'

// The public results are picked from the generated result types, never restated: a field renamed
// or retyped in schema.graphql (after `pnpm codegen`) fails this package's typecheck right here.

type Triggered = TriggerDinoAiAgentRunMutation['triggerDinoaiAgentRun']
type TriggeredOnModelFamily = TriggerDinoAiAgentRunWithModelFamilyMutation['triggerDinoaiAgentRun']
type Sent = SendDinoAiAgentMessageMutation['sendDinoaiAgentMessage']
type Stopped = StopDinoAiAgentRunMutation['stopDinoaiAgentRun']

/**
 * What `triggerRun` returns once the server accepted the run: the new `agentSessionId`, the
 * server's acknowledgement `status` (`queued`; poll with getRun for the live status), and the
 * server's `warning` (e.g. an unknown model family replaced by the default), which is null when
 * no `modelFamily` was given (the older document asks for no warning).
 */
export interface AcceptedRun
  extends Pick<Triggered, 'agentSessionId' | 'status'>,
    Pick<TriggeredOnModelFamily, 'warning'> {}

/** What `sendMessage` returns once the server accepted the message: the session and `queued`. */
export interface AcceptedMessage extends Pick<Sent, 'agentSessionId' | 'status'> {}

/**
 * What `stopRun` returns: the session, and its `status` after the stop (`STOPPED` for a live run;
 * a run that had already finished keeps its terminal status).
 */
export interface StopRunResult
  extends Pick<StopDinoAiAgentRunMutationVariables, 'agentSessionId'>,
    Pick<Stopped, 'status'> {}
