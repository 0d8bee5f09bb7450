import type { GlobalOptions } from '../args.js'
import { createPalette, shouldUseColor } from './palette.js'
import type { OutputMode, OutputStream, Renderer, RendererOptions } from './render.js'
import { humanRenderer } from './render-human.js'
import { jsonRenderer } from './render-json.js'
import { createSpinner, type SpinnerStream } from './spinner.js'

/** Creates the renderer for an output mode. */
export function createRenderer(options: RendererOptions): Renderer {
  if (options.mode === 'json') return jsonRenderer(options)
  return humanRenderer(options)
}

/** What decides how output looks: the streams, the environment and whether a person watches. */
export interface OutputSettings {
  env: Readonly<Record<string, string | undefined>>
  stdout: OutputStream
  stderr: OutputStream
  /** Whether a person is watching stdout. */
  isTTY: boolean
  now: () => number
}

/**
 * The renderer for a command's output flags: JSON with `--json`; else the terminal rendering when a
 * person watches or colour is forced, plain lines otherwise; a spinner only on an interactive
 * terminal outside CI.
 */
export function rendererFor(
  { env, stdout, stderr, isTTY, now }: OutputSettings,
  global: GlobalOptions & { json?: boolean },
  extra: Pick<RendererOptions, 'followUpHint'> = {},
): Renderer {
  const color = shouldUseColor({ flag: global.color === false ? false : undefined, env, isTTY })
  // FORCE_COLOR asks for the terminal rendering in a log that shows colours (CI); never the spinner.
  const mode: OutputMode = global.json ? 'json' : isTTY || color ? 'tty' : 'plain'
  const interactive =
    mode === 'tty' && isTTY && stderr.isTTY === true && !('CI' in env) && env.TERM !== 'dumb'
  return createRenderer({
    mode,
    stdout,
    stderr,
    palette: createPalette(color && mode === 'tty'),
    spinner: interactive ? createSpinner(stderr as SpinnerStream) : undefined,
    now,
    ...extra,
  })
}
