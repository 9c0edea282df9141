import type { ConfidenceInterval } from '../stats/bootstrap.js';

/** Scores in [0, 1] to three decimals: finer than any difference a few hundred images can resolve. */
export function formatScore(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : '–';
}

export function formatInterval(ci: ConfidenceInterval): string {
  return `${formatScore(ci.mean)} [${formatScore(ci.lower)}, ${formatScore(ci.upper)}]`;
}

/** Two significant digits, in exponent form below 0.001 so that tiny p-values stay readable. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p < 1e-3 ? p.toExponential(1) : p.toPrecision(2);
}

export function formatStatistic(v: number): string {
  if (Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return v.toFixed(2);
}
