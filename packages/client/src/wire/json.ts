/** Whether a parsed JSON value is an object (not null, not an array): what GraphQL answers are made of. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
