import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { dynamicThreshold } from '../src/attribution/threshold/dynamic.js';
import { UsageError } from '../src/errors.js';
import { simplifyTokens } from '../src/universal/simplify/tokens.js';

/** The token simplifier the plain way: a full sort by importance, then each token's row scanned for its top relation. */
function naiveSimplifyTokens(values: Float32Array, relations: Float32Array | undefined, minCoverage: number): Uint8Array {
  const n = values.length;
  const seed = dynamicThreshold(values, { minCoverage });
  const kept = new Uint8Array(n);
  if (seed.energy === 0) return kept;
  let needed = 0;
  while (needed / n < minCoverage) needed++;
  const order = [...Array(n).keys()].sort((a, b) => Math.max(0, values[b]) - Math.max(0, values[a]) || a - b);
  const done = new Set<number>();
  for (const i of order) {
    const count = kept.reduce((s, v) => s + v, 0);
    if (seed.values[i] === 0 && count >= needed) break;
    if (done.has(i)) continue;
    done.add(i);
    kept[i] = 1;
    if (!relations) continue;
    const row = [...Array(n).keys()].filter((j) => j !== i && relations[i * n + j] > 0);
    if (row.length === 0) continue;
    const top = row.reduce((best, j) => (relations[i * n + j] > relations[i * n + best] ? j : best));
    kept[top] = 1;
  }
  return kept;
}

describe('token simplification: relational context', () => {
  it('keeps each important token with the token it draws on most', () => {
    const labels = ['[CLS]', 'not', 'a', 'good', 'movie'];
    const values = Float32Array.from([0, 0.2, 0, 1, 0.1]);
    const relations = new Float32Array(25);
    relations[3 * 5 + 1] = 0.6; // 'good' draws on 'not'
    relations[3 * 5 + 4] = 0.3;
    relations[3 * 5 + 3] = 0.9; // its own row entry is not context
    const s = simplifyTokens(values, { minCoverage: 0.2, relations, labels });
    expect(Array.from(s.kept)).toEqual([0, 1, 0, 1, 0]);
    expect(s.structure.description).toMatch(/1 token \("good"\) and 1 they draw on most \("not"\)/);
    expect(s.coherence).toBeCloseTo(0.6 / 0.9, 5);
    const alone = simplifyTokens(values, { minCoverage: 0.2, labels });
    expect(Array.from(alone.kept)).toEqual([0, 0, 0, 1, 0]);
    expect(alone.coherence).toBeUndefined();
  });

  it('equals the plain reference on random maps and always meets the floor', () => {
    const rng = mulberry32(9);
    for (let trial = 0; trial < 150; trial++) {
      const n = 1 + Math.floor(rng() * 40);
      const values = Float32Array.from({ length: n }, () => (rng() < 0.3 ? 0 : rng() ** 2));
      const relations = trial % 3 === 0 ? undefined : Float32Array.from({ length: n * n }, () => (rng() < 0.5 ? 0 : rng()));
      const minCoverage = [0.05, 0.1, 0.3, 0.8][trial % 4];
      const s = simplifyTokens(values, { minCoverage, relations });
      expect(Array.from(s.kept)).toEqual(Array.from(naiveSimplifyTokens(values, relations, minCoverage)));
      if (values.some((v) => v > 0)) expect(s.threshold.coverage).toBeGreaterThanOrEqual(minCoverage);
      expect(s.structure.count).toBe(s.kept.reduce((a, v) => a + v, 0));
    }
  });

  it('rejects relations of the wrong size', () => {
    expect(() => simplifyTokens(new Float32Array(3), { relations: new Float32Array(8) })).toThrow(UsageError);
  });
});
