import { closeSync, fsyncSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { CassetteError } from './cassette-error.js'
import { type CassetteExchange, type CassetteHeader, cassetteLine } from './format.js'

/** Appends whole lines to a cassette file. */
export interface CassetteWriter {
  append(exchange: CassetteExchange): void
  /** Flushes to disk and closes the file. Safe to call twice. */
  close(): void
}

/**
 * Opens a cassette for recording and writes its header. A file that already holds exchanges is
 * refused unless `overwrite`: a second recording appended to a first would mix two timelines and
 * reuse its session placeholders.
 */
export function openCassetteWriter(file: string, header: CassetteHeader, overwrite: boolean): CassetteWriter {
  let size = 0
  try {
    size = statSync(file).size
  } catch {
    // No file yet: it is created below.
  }
  if (size > 0 && !overwrite) {
    throw new CassetteError(
      'unreadable',
      file,
      undefined,
      'the cassette already exists: delete it to record again, or pass overwrite (--overwrite on the command line).',
    )
  }
  mkdirSync(dirname(file), { recursive: true })
  const fd = openSync(file, 'w')
  // Each line goes out in one write(2) as soon as its answer is complete: the kernel has it even
  // if this process is killed the next instant, so there is no buffer to lose and nothing to flush.
  const write = (text: string) => {
    const bytes = Buffer.from(text, 'utf8')
    let done = 0
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done)
  }
  write(cassetteLine(header))
  let open = true
  return {
    append(exchange) {
      if (open) write(cassetteLine(exchange))
    },
    close() {
      if (!open) return
      open = false
      fsyncSync(fd)
      closeSync(fd)
    },
  }
}
