/**
 * Timing on a noisy shared machine: medians and median absolute deviations rather than means and standard
 * deviations, and arms interleaved run by run so that drifting load hits every arm alike (and so that the
 * i-th runs of two arms form a pair for the paired tests).
 */

export function median(xs: ArrayLike<number>): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median absolute deviation: the spread to report beside a median. */
export function mad(xs: ArrayLike<number>): number {
  const m = median(xs);
  return median(Array.from(xs, (x) => Math.abs(x - m)));
}

/** One timed function, run once per round. */
export type Arm = () => Promise<unknown>;

/**
 * Runs every arm once per round for `warmup` untimed rounds, then `runs` timed rounds; returns the
 * milliseconds of each arm's runs, in round order. Each round starts one arm later than the last, so no
 * arm always runs first (right after the previous round's slowest arm, or with cold caches).
 */
export async function timeInterleaved(arms: Arm[], runs: number, warmup: number, onRound?: (done: number) => void): Promise<number[][]> {
  for (let w = 0; w < warmup; w++) for (const arm of arms) await arm();
  const times = arms.map((): number[] => []);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < arms.length; k++) {
      const i = (r + k) % arms.length;
      const t = performance.now();
      await arms[i]();
      times[i].push(performance.now() - t);
    }
    onRound?.(r + 1);
  }
  return times;
}
