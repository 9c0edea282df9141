import { InvalidArgumentError } from 'commander';
import type { ThresholdSpec } from '../attribution/threshold/apply.js';

/** `--threshold 10` keeps the top 10%; `dynamic` and `otsu` name the adaptive strategies. */
export function parseThreshold(raw: string): ThresholdSpec {
  if (raw === 'dynamic') return { kind: 'dynamic' };
  if (raw === 'otsu') return { kind: 'otsu' };
  const percent = Number(raw);
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
    throw new InvalidArgumentError(`threshold must be a percent in (0, 100], 'dynamic' or 'otsu', got '${raw}'`);
  }
  return { kind: 'percentile', percent };
}

export function parseIntIn(min: number, max: number, what: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${what} must be an integer in ${min}..${max}, got '${raw}'`);
    return n;
  };
}

export function parseClassList(raw: string): number[] {
  return raw.split(',').map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`class must be a non-negative integer index, got '${s}'`);
    return n;
  });
}

export function parseUnit(what: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`${what} must be in [0, 1], got '${raw}'`);
    return n;
  };
}

export function parseNumberList(what: string, length: number) {
  return (raw: string): number[] => {
    const parts = raw.split(',').map(Number);
    if (parts.length !== length || parts.some((n) => !Number.isFinite(n))) {
      throw new InvalidArgumentError(`${what} must be ${length} comma-separated numbers, got '${raw}'`);
    }
    return parts;
  };
}
