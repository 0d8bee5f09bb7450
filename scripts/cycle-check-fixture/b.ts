import { shout } from './a.js'

/** Something with a name. */
export interface Named {
  name: string
}

/** A name, shouted twice. */
export const shoutTwice = (named: Named): string => `${shout(named)} ${shout(named)}`
