/**
 * The candidate thresholds of the dynamic search: t_i = i * step for i = 0..lastGridIndex, on a map
 * normalised to a peak of 1. Each value is computed from its index, never accumulated, so the search and
 * a plain loop over the grid compare against bit-identical thresholds.
 */
export function gridThreshold(index: number, step: number): number {
  return index * step;
}

/**
 * Slack on the quotient maxThreshold / step: 0.95 / 0.05 evaluates to 18.999999999999996, and the grid
 * the user meant still ends at 0.95. The last grid value can therefore exceed maxThreshold by rounding
 * error (19 * 0.05 = 0.9500000000000001), never by a step.
 */
const GRID_SLACK = 1e-9;

/** Index of the last grid threshold. */
export function lastGridIndex(step: number, maxThreshold: number): number {
  return Math.floor(maxThreshold / step + GRID_SLACK);
}
