import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { dynamicThreshold } from '../src/attribution/threshold/dynamic.js';
import { UsageError } from '../src/errors.js';
import { intervalsOf, simplifySequence } from '../src/universal/simplify/sequence.js';

/** The interval simplifier the plain way: string-like scans over the mask, whole-sequence scans to grow. */
function naiveSimplifySequence(values: Float32Array, minCoverage: number, gap: number, minLength: number): Uint8Array {
  const n = values.length;
  const seed = dynamicThreshold(values, { minCoverage });
  const kept = Uint8Array.from(seed.values, (v) => (v > 0 ? 1 : 0));
  if (seed.energy === 0) return new Uint8Array(n);
  for (let a = 0; a < n; a++) {
    if (!kept[a]) continue;
    let b = a + 1;
    while (b < n && !kept[b]) b++;
    if (b < n && b - a - 1 > 0 && b - a - 1 < gap) for (let t = a + 1; t < b; t++) kept[t] = 1;
  }
  const runs: Array<{ start: number; end: number; mass: number }> = [];
  for (let t = 0; t < n; t++) {
    if (kept[t] && (t === 0 || !kept[t - 1])) {
      let e = t;
      while (e < n && kept[e]) e++;
      let mass = 0;
      for (let k = t; k < e; k++) mass += Math.max(0, values[k]);
      runs.push({ start: t, end: e, mass });
    }
  }
  const long = runs.filter((r) => r.end - r.start >= minLength);
  const ranked = (long.length ? long : runs).sort((a, b) => b.mass - a.mass || a.start - b.start);
  let needed = 0;
  while (needed / n < minCoverage) needed++;
  const out = new Uint8Array(n);
  let count = 0;
  for (const r of ranked) {
    if (count >= needed) break;
    for (let t = r.start; t < r.end; t++) out[t] = 1;
    count += r.end - r.start;
  }
  while (count < needed) {
    let best = -1;
    for (let t = 0; t < n; t++) {
      const touches = !out[t] && ((t > 0 && out[t - 1]) || (t < n - 1 && out[t + 1]));
      if (touches && (best < 0 || Math.max(0, values[t]) > Math.max(0, values[best]))) best = t;
    }
    out[best] = 1;
    count++;
  }
  return out;
}

describe('sequence simplification: intervals, not isolated steps', () => {
  it('closes a one-step gap, drops a lone spike and keeps the strongest interval', () => {
    const values = new Float32Array(30);
    [0.9, 0.95, 0, 1, 0.85].forEach((v, k) => (values[10 + k] = v)); // steps 10-14 with a hole at 12
    values[25] = 0.99; // a spike, one step long
    const s = simplifySequence(values, { minCoverage: 0.1, gap: 2, minLength: 2 });
    expect(intervalsOf(values, s.kept).map((r) => [r.start, r.end])).toEqual([[10, 15]]);
    expect(s.kept[25]).toBe(0);
    expect(s.structure).toMatchObject({ kind: 'intervals', count: 1 });
    expect(s.structure.description).toMatch(/^steps 10\u201314 keep /);
    expect(s.threshold.coverage).toBeCloseTo(5 / 30, 10);
  });

  it('widens the kept interval towards its stronger side until the floor holds', () => {
    const values = new Float32Array(20);
    values[5] = 1;
    values[6] = 0.9;
    values[4] = 0.1;
    values[7] = 0.3;
    const s = simplifySequence(values, { minCoverage: 0.2, gap: 2, minLength: 2 });
    expect(Array.from(s.kept.subarray(3, 10))).toEqual([0, 1, 1, 1, 1, 0, 0]);
  });

  it('equals the plain-loop reference on random maps and always meets the floor', () => {
    const rng = mulberry32(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rng() * 80);
      const values = Float32Array.from({ length: n }, () => (rng() < 0.3 ? 0 : rng() < 0.2 ? -rng() : rng() ** 3));
      const minCoverage = [0.02, 0.05, 0.1, 0.25, 0.6, 1][trial % 6];
      const gap = 1 + (trial % 4);
      const minLength = 1 + (trial % 3);
      const s = simplifySequence(values, { minCoverage, gap, minLength });
      const expected = naiveSimplifySequence(values, minCoverage, gap, minLength);
      expect(Array.from(s.kept)).toEqual(Array.from(expected));
      if (values.some((v) => v > 0)) expect(s.threshold.coverage).toBeGreaterThanOrEqual(minCoverage);
      expect(s.structure.count).toBe(intervalsOf(values, s.kept).length);
    }
  });

  it('rejects an empty map and bad lengths with one-line usage errors', () => {
    expect(() => simplifySequence(new Float32Array(0))).toThrow(UsageError);
    expect(() => simplifySequence(new Float32Array(5), { gap: 0 })).toThrow(/gap must be an integer >= 1/);
  });
});
