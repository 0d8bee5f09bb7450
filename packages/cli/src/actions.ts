import type { CommandActions } from './args.js'
import { historyPath } from './chat/history.js'
import { chatCommand } from './commands/chat.js'
import { runCommand } from './commands/run.js'
import { sendCommand } from './commands/send.js'
import { statusCommand } from './commands/status.js'
import { stopCommand } from './commands/stop.js'
import { watchCommand } from './commands/watch.js'
import { withClient, withoutClient } from './connect.js'
import type { CliEnvironment } from './environment.js'

/**
 * What each command does once commander has parsed it: one entry per command. The API commands run
 * through withClient; the local ones (mock-server, cassette, demo) load @dinoai/testing only when used.
 */
export function commandActions(cli: CliEnvironment): CommandActions {
  return {
    run: (opts, wait, global) => withClient(cli, global, wait, (ctx) => runCommand(opts, ctx)),
    send: (session, message, wait, global) =>
      withClient(cli, global, wait, (ctx) => sendCommand(session, message, { wait: wait.wait }, ctx)),
    status: (session, global) => withClient(cli, global, {}, (ctx) => statusCommand(session, ctx)),
    watch: (session, wait, global) => withClient(cli, global, wait, (ctx) => watchCommand(session, ctx)),
    stop: (session, global) => withClient(cli, global, {}, (ctx) => stopCommand(session, ctx)),
    chat: (opts, wait, global) =>
      withClient(
        cli,
        { ...global, json: opts.json },
        wait,
        (ctx, { config, secrets }) =>
          chatCommand(opts, ctx, {
            stdin: cli.stdin,
            stdout: cli.stdout,
            historyFile: historyPath(cli.env),
            // The history keeps no credential at all: the key too, though it is no secret when a secret goes with it.
            secrets: [...secrets, ...(config.apiKey ? [config.apiKey] : [])],
          }),
        { followUpHint: false },
      ),
    mockServer: async (opts, global) => {
      const { mockServerCommand } = await import('./commands/mock-server.js')
      return withoutClient(cli, global, () => mockServerCommand(opts, cli, global))
    },
    cassetteCheck: async (file, opts, global) => {
      const { cassetteCheckCommand } = await import('./commands/cassette.js')
      return withoutClient(cli, global, () => cassetteCheckCommand(file, opts, cli))
    },
    demo: async (opts, global) => {
      const { demoCommand } = await import('./commands/demo.js')
      return withoutClient(cli, global, () => demoCommand(opts, global, cli))
    },
    // Loaded on use: the schema diff and the document finder are only needed here.
    schema: async (mode, flags, global) => {
      const { schemaCommand } = await import('./commands/schema.js')
      return schemaCommand(mode, flags, global, cli)
    },
  }
}
