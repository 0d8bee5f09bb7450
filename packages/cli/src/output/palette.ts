import picocolors from 'picocolors'

/** The colour functions the output uses; every one is the identity when colour is off. */
export type Palette = ReturnType<typeof picocolors.createColors>

/** Where the colour decision comes from: the flag, the environment and the terminal. */
export interface ColorInputs {
  /** `false` for `--no-color`; `undefined` when the flag was not given. */
  flag?: boolean | undefined
  env: Readonly<Record<string, string | undefined>>
  isTTY: boolean
}

/**
 * Whether to colour the output. `--no-color` wins over everything; then NO_COLOR (any non-empty
 * value, per no-color.org), then FORCE_COLOR (any value but `0`/`false`), then whether the output is a
 * terminal. Control codes in CI logs make them unreadable, hence the TTY default.
 */
export function shouldUseColor({ flag, env, isTTY }: ColorInputs): boolean {
  if (flag === false) return false
  if (env.NO_COLOR) return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return isTTY
}

/** A palette that colours or not. */
export function createPalette(enabled: boolean): Palette {
  return picocolors.createColors(enabled)
}
