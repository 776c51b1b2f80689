/**
 * What a benchmark figure is, shared by `scripts/bench.ts` and the figure modules under
 * `scripts/bench/`. Every figure is a value next to a baseline measured in the same run, and a
 * goal on their ratio.
 */

/** One measured figure: our value, the baseline's, and the goal on their ratio. */
export interface FigureResult {
  name: string;
  value: number;
  baseline: number;
  unit: string;
  /** Highest acceptable value / baseline. */
  maxRatio: number;
  /** What the baseline is, for the table. */
  against: string;
  /** Further goals the figure must meet besides its ratio (e.g. "no task over 50 ms"). */
  alsoMet?: { goal: string; ok: boolean; measured: string }[];
  /** Other measurements printed in the table (e.g. "peak heap 210 MB"). */
  details?: string;
}

/** A figure module: the figures it measures and the function that measures them. */
export interface Figure {
  /** The figure names it gives (`npm run bench -- --only=<prefix>` picks modules by these). */
  names: string[];
  /** Measures every figure in `names`; `quick` asks for fewer repetitions, not fewer figures. */
  run(options: { quick: boolean }): Promise<FigureResult[]>;
}

/** Median of a list of numbers (the middle one, or the mean of the two middle ones). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Whether a figure meets its ratio goal and every further goal. */
export function figureOk(r: FigureResult): boolean {
  return r.value / r.baseline <= r.maxRatio && (r.alsoMet ?? []).every((g) => g.ok);
}
