// Removes the working directory's dist/ before a build: tsc never deletes outputs of sources that
// were renamed or removed, and publint/attw would pack those stale files.
import { rmSync } from 'node:fs'

rmSync('dist', { recursive: true, force: true })
