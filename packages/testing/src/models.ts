import { MockDinoAiUsageError } from './errors.js'

/** The model families a mock knows, and the one a run gets when the trigger names none or an unknown one. */
export interface ModelFamilies {
  readonly families: readonly string[]
  readonly defaultFamily: string
}

/** The families of a mock created without `modelFamilies`. */
export const DEFAULT_MODEL_FAMILIES: readonly string[] = Object.freeze(['claude', 'gpt', 'gemini'])

/** Checks the `modelFamilies` and `defaultModelFamily` options; the default family is the first. */
export function modelFamilies(families?: readonly string[], defaultFamily?: string): ModelFamilies {
  const list = families ?? DEFAULT_MODEL_FAMILIES
  if (!Array.isArray(list) || list.length === 0 || list.some((f) => typeof f !== 'string' || f === '')) {
    throw new MockDinoAiUsageError(
      `modelFamilies must be a non-empty array of non-empty strings, e.g. ['claude', 'gpt'], got ${JSON.stringify(families)}.`,
    )
  }
  const chosen = defaultFamily ?? list[0]
  if (chosen === undefined || !list.includes(chosen)) {
    throw new MockDinoAiUsageError(
      `defaultModelFamily ${JSON.stringify(defaultFamily)} is not one of modelFamilies (${list.join(', ')}).`,
    )
  }
  return { families: [...list], defaultFamily: chosen }
}

/**
 * The family a trigger's run starts on. An unknown family still starts the run, on the default,
 * and says so in `warning`, as production does; no family (or an empty one) is the default, silently.
 */
export function pickModelFamily(
  requested: string | null | undefined,
  config: ModelFamilies,
): { family: string; warning: string | null } {
  if (requested === undefined || requested === null || requested === '') {
    return { family: config.defaultFamily, warning: null }
  }
  if (config.families.includes(requested)) return { family: requested, warning: null }
  return {
    family: config.defaultFamily,
    warning: `Unknown model family "${requested}": the run uses "${config.defaultFamily}". Known families: ${config.families.join(', ')}.`,
  }
}
