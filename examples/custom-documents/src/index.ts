/**
 * An app with its own DinoAI documents: typed by GraphQL Code Generator's client preset from the
 * schema, sent with `client.request`.
 */
export { RunStatusDocument, RunTranscriptDocument, StartRunDocument } from './documents.js'
export { type AppClient, runStatus, startRun, transcriptLines } from './runs.js'
