/** One runnable example of a README. */
export interface ReadmeExample {
  /** A readable test name: the nearest heading above the fence and the fence's line. */
  name: string
  code: string
  /** The line of the opening fence (1-based). */
  line: number
}

/** The README's ```ts examples, except fences marked `no-run`. */
export function readmeExamples(readmePath: string): ReadmeExample[]
