/** A score curve over the share of pixels changed, and the area under it. */
export interface ScoreCurve {
  /** Share of pixels changed at each point, from 0 to 1. */
  fractions: Float64Array;
  /** The target class's score at each point. */
  scores: Float64Array;
  /** Trapezoidal area under scores over fractions. */
  auc: number;
}

/** Trapezoidal area under y over x (x increasing); RISE's auc() is the equal-spacing case. */
export function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let k = 1; k < x.length; k++) area += ((x[k] - x[k - 1]) * (y[k] + y[k - 1])) / 2;
  return area;
}

/** Pixel counts after each step: 0, step, 2 step, ... and finally every pixel (the last step may be short). */
export function stepCounts(pixels: number, step: number): number[] {
  const counts = [0];
  for (let done = step; done < pixels; done += step) counts.push(done);
  counts.push(pixels);
  return counts;
}
