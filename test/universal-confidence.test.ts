import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { confidenceScore } from '../src/universal/confidence.js';
import { simplifyGrid } from '../src/universal/simplify/grid2d.js';
import { simplifySequence } from '../src/universal/simplify/sequence.js';

function blob(width: number, height: number, cx: number, cy: number, radius: number): Float32Array {
  return Float32Array.from({ length: width * height }, (_, i) => Math.exp(-(((i % width) - cx) ** 2 + (Math.floor(i / width) - cy) ** 2) / (2 * radius ** 2)));
}

describe('confidence score', () => {
  it('is 0 for a flat map, whatever the margin: a map that keeps as much mass as positions points nowhere', () => {
    const s = simplifyGrid(new Float32Array(64).fill(0.7), 8, 8);
    const c = confidenceScore({ probability: 0.99, runnerUpProbability: 0.005, simplified: s.threshold, coherence: s.coherence });
    expect(c.components.concentration).toBe(0);
    expect(c.value).toBe(0);
  });

  it('is high for one sharp blob and a clear margin', () => {
    const s = simplifyGrid(blob(14, 14, 4, 9, 1), 14, 14, { minCoverage: 0.05 });
    const c = confidenceScore({ probability: 0.95, runnerUpProbability: 0.03, simplified: s.threshold, coherence: s.coherence });
    expect(c.components.coherence).toBe(1);
    expect(c.components.concentration).toBeGreaterThan(0.5);
    expect(c.value).toBeGreaterThan(0.75);
    expect(c.how).toMatch(/^Geometric mean of the probability margin p_top - p_second \(0\.92\), the concentration \(E - C\) \/ \(1 - C\) with E = \d+% of the mass kept in C = \d+% of the positions \(0\.\d\d\) and the coherence of the kept structure \(1\.00\)\.$/);
  });

  it('follows the documented formula: geometric mean of margin, (E - C) / (1 - C) and coherence', () => {
    const c = confidenceScore({ probability: 0.7, runnerUpProbability: 0.2, simplified: { values: new Float32Array(0), kind: 'regions', value: 10, cutoff: 0.5, coverage: 0.1, energy: 0.6 }, coherence: 0.8 });
    const concentration = (0.6 - 0.1) / 0.9;
    expect(c.components).toEqual({ margin: 0.49999999999999994, concentration, coherence: 0.8 });
    expect(c.value).toBeCloseTo(Math.cbrt(0.5 * concentration * 0.8), 12);
  });

  it('drops with a two-way split of the mass and with a coin-flip margin', () => {
    const one = simplifyGrid(blob(16, 16, 4, 4, 1.2), 16, 16, { minCoverage: 0.08 });
    const two = blob(16, 16, 4, 4, 1.2).map((v, i) => v + blob(16, 16, 12, 12, 1.2)[i]);
    const split = simplifyGrid(two, 16, 16, { minCoverage: 0.08 });
    expect(split.structure.count).toBe(2);
    const sharp = confidenceScore({ probability: 0.9, runnerUpProbability: 0.05, simplified: one.threshold, coherence: one.coherence });
    const halves = confidenceScore({ probability: 0.9, runnerUpProbability: 0.05, simplified: split.threshold, coherence: split.coherence });
    const torn = confidenceScore({ probability: 0.41, runnerUpProbability: 0.4, simplified: one.threshold, coherence: one.coherence });
    expect(halves.value).toBeLessThan(sharp.value);
    expect(torn.value).toBeLessThan(sharp.value / 2);
  });

  it('is 0 with a reason for an all-zero map, and never NaN, whatever comes in', () => {
    const zero = simplifySequence(new Float32Array(20));
    const c = confidenceScore({ probability: 0.9, runnerUpProbability: 0.1, simplified: zero.threshold, coherence: zero.coherence });
    expect(c.value).toBe(0);
    expect(c.how).toMatch(/no positive evidence/);
    const rng = mulberry32(2);
    const odd = [NaN, Infinity, -Infinity, -1, 2, 0, 1, 0.5];
    for (let k = 0; k < 300; k++) {
      const pick = (): number => (rng() < 0.4 ? odd[Math.floor(rng() * odd.length)] : rng());
      const r = confidenceScore({
        probability: pick(),
        runnerUpProbability: rng() < 0.2 ? undefined : pick(),
        simplified: { values: new Float32Array(0), kind: 'x', value: 5, cutoff: 0, coverage: pick(), energy: pick() },
        coherence: rng() < 0.3 ? undefined : pick(),
      });
      expect(Number.isFinite(r.value)).toBe(true);
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(1);
      for (const v of Object.values(r.components)) expect(Number.isFinite(v)).toBe(true);
    }
  });
});
