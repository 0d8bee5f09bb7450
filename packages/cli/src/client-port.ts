import type { DinoAiClient, DinoAiClientOptions } from '@dinoai/client'

/**
 * The client methods the commands use. runCli accepts any object with them, so embedders and
 * tests can hand it a client bound to an in-process mock (`fetch: mock.fetch`).
 */
export type CliClient = Pick<
  DinoAiClient,
  'triggerRun' | 'sendMessage' | 'sendMessageAndWatch' | 'getRun' | 'watchRun' | 'stopRun' | 'request'
>

/**
 * What runCli builds a client from: the resolved credentials (and, for the demo, the mock's fetch;
 * for `dinoai schema`, `--max-response-bytes`).
 */
export type CliClientOptions = Pick<
  DinoAiClientOptions,
  'endpoint' | 'apiKey' | 'apiSecret' | 'workspaceUid' | 'fetch' | 'maxResponseBytes'
>
