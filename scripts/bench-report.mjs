// What a bench hands to `pnpm bench` (scripts/bench.mjs) for BENCHMARKS.md: one JSON line per
// figure, appended to the file named by BENCH_RESULTS. Run on its own, a bench only prints.
import { appendFileSync } from 'node:fs'

/**
 * Records one figure: what was measured for us and for the baseline in the same run, and their
 * ratio, with `ratioText` saying which way it reads (e.g. "1.31x the raw time", "43x fewer").
 * `target`, when the project has one, is the goal as text, and `met` whether this run reached it.
 * `details` are lines that explain the figure (a breakdown), shown under the table.
 *
 * @param {{
 *   id: string, title: string,
 *   ours: { label: string, value: number, unit: string },
 *   baseline: { label: string, value: number, unit: string },
 *   ratio: number, ratioText: string, target?: string, met?: boolean, details?: string[],
 * }} figure
 */
export function reportFigure(figure) {
  const file = process.env.BENCH_RESULTS
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`)
}
