/** One line of the benchmark table that `npm run bench` prints. */
export interface BenchRow {
  /** e.g. 'activity: first page, filter user+method (p95)' */
  name: string
  figure: number
  unit: string
  /** What the same work costs on the baseline measured in the same run, if there is one. */
  baseline?: number
  /**
   * The figure ÷ baseline of each interleaved round, when the suite measured in rounds: the
   * ratio shown is their median, with their min–max spread.
   */
  ratios?: number[]
  /** The target as text, e.g. '≤ 50 ms'; none (printed '—') for an informational row. */
  target?: string
  /**
   * Whether the figure meets the target; `null` for an informational row, a figure with no
   * target of its own (a baseline-like measurement, or a path the target is not about).
   */
  pass: boolean | null
  /** A short remark printed under the table (what the baseline is, sizes, caveats). */
  note?: string
}

export interface BenchOptions {
  /** --quick: 1/10 of the sizes, the whole suite under 2 minutes. */
  quick: boolean
  /** --size xl: the opt-in scaling sizes (1 M, 10 M and 100 M entries) of the `scale` suite. */
  xl?: boolean
  /** A scratch folder for generated databases. */
  workDir: string
}

/** Every test/bench/*.bench.ts exports `run`. */
export type BenchSuite = (options: BenchOptions) => Promise<BenchRow[]>

/**
 * Thrown by a suite whose subject does not exist yet (a server or page not built): the runner
 * reports the suite as SKIP with the message instead of failing the whole run.
 */
export class BenchUnavailable extends Error {
  override name = 'BenchUnavailable'
}
