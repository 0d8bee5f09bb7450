// Stand-in main job until the CLI exists: prints the typed documents of @dinoai/operations.

import * as operations from '@dinoai/operations'
import { print } from 'graphql'

for (const [name, value] of Object.entries(operations)) {
  if (name.endsWith('Document')) console.log(`# ${name}\n${print(value)}\n`)
}
console.log(`Known run statuses: ${operations.RUN_STATUSES.join(', ')}`)
console.log(`Terminal: ${operations.TERMINAL_RUN_STATUSES.join(', ')}`)
