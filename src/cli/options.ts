import { InvalidArgumentError } from 'commander';
import type { ThresholdSpec } from '../attribution/threshold/apply.js';

/**
 * `--threshold 10` keeps the top 10%; `dynamic`, `otsu`, `confidence` and `hybrid` name the adaptive
 * strategies with their defaults (confidence takes each explanation's own probability).
 */
export function parseThreshold(raw: string): ThresholdSpec {
  if (raw === 'dynamic' || raw === 'otsu' || raw === 'confidence' || raw === 'hybrid') return { kind: raw };
  const percent = Number(raw);
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
    throw new InvalidArgumentError(`threshold must be a percent in (0, 100], 'dynamic', 'otsu', 'confidence' or 'hybrid', got '${raw}'`);
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

/** A share in (0, 1], such as a coverage floor: zero would keep nothing and is refused. */
export function parseFraction(what: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError(`${what} must be a fraction in (0, 1], got '${raw}'`);
    return n;
  };
}
