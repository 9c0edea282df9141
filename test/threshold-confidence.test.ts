import { InvalidArgumentError } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseThreshold } from '../src/cli/options.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { explain } from '../src/explain.js';
import { tinyModel } from './helpers/tiny-model.js';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { applyThreshold, withProbability } from '../src/attribution/threshold/apply.js';
import { CONFIDENCE_THRESHOLD_DEFAULTS, confidencePercent, confidenceThreshold } from '../src/attribution/threshold/confidence.js';

/** The rule by its definition: sort descending, keep the first max(1, ceil(P n / 100)) and every tie of the last, positives only. */
function naiveTopPercent(values: Float32Array, percent: number): number[] {
  const sorted = Array.from(values).sort((a, b) => b - a);
  const k = Math.min(values.length, Math.max(1, Math.ceil((percent * values.length) / 100)));
  const cutoff = sorted[k - 1];
  return Array.from(values, (v) => (v > 0 && v >= cutoff ? v : 0));
}

describe('confidencePercent', () => {
  it('keeps minPercent for a certain prediction, maxPercent for p = 0, linearly in between', () => {
    expect(confidencePercent({ probability: 1, minPercent: 5, maxPercent: 25 })).toBe(5);
    expect(confidencePercent({ probability: 0, minPercent: 5, maxPercent: 25 })).toBe(25);
    expect(confidencePercent({ probability: 0.8, minPercent: 5, maxPercent: 25 })).toBe(9);
    expect(confidencePercent({ probability: 0.25, minPercent: 2, maxPercent: 50 })).toBe(38);
  });

  it('defaults to 5% for p = 1 and 30% for p = 0', () => {
    expect(CONFIDENCE_THRESHOLD_DEFAULTS).toEqual({ minPercent: 5, maxPercent: 30 });
    expect(confidencePercent({ probability: 0.5 })).toBe(17.5);
  });

  it('grows as the probability falls', () => {
    let previous = -Infinity;
    for (let p = 1; p >= 0; p -= 0.05) {
      const percent = confidencePercent({ probability: Math.max(0, p) });
      expect(percent).toBeGreaterThanOrEqual(previous);
      previous = percent;
    }
  });

  it.each([
    [{ probability: 1.5 }, 'probability must be in [0, 1]'],
    [{ probability: -0.1 }, 'probability must be in [0, 1]'],
    [{ probability: Number.NaN }, 'probability must be in [0, 1]'],
    [{ probability: 0.5, minPercent: 0 }, 'minPercent must be in (0, 100]'],
    [{ probability: 0.5, minPercent: 20, maxPercent: 10 }, 'maxPercent must be in [minPercent (20), 100]'],
    [{ probability: 0.5, maxPercent: 101 }, 'maxPercent must be in'],
  ])('rejects %o with a one-line usage error', (options, message) => {
    expect(() => confidencePercent(options)).toThrow(UsageError);
    expect(() => confidencePercent(options)).toThrow(message);
  });
});

describe('confidenceThreshold', () => {
  it('keeps the same entries as a sort-based top-P% at the percent the rule gives, on random maps', () => {
    const rng = mulberry32(31);
    for (let trial = 0; trial < 150; trial++) {
      const values = randomMap(1 + Math.floor(rng() * 300), rng, { zeroShare: trial % 2 ? 0.3 : 0, levels: trial % 3 === 0 ? 4 : 0 });
      const probability = rng();
      const result = confidenceThreshold(values, { probability, minPercent: 2, maxPercent: 40 });
      const percent = 2 + 38 * (1 - probability);
      expect(result.value).toBeCloseTo(percent, 9);
      expect(Array.from(result.values)).toEqual(naiveTopPercent(values, result.value as number));
      expect(result.kind).toBe('confidence');
    }
  });

  it('keeps a tighter map for a confident prediction than for an uncertain one', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    const confident = confidenceThreshold(values, { probability: 0.99 });
    const uncertain = confidenceThreshold(values, { probability: 0.3 });
    expect(confident.coverage).toBeCloseTo(0.06, 10); // 5 + 25 * 0.01 = 5.25% -> ceil(5.25) = 6 entries
    expect(uncertain.coverage).toBeCloseTo(0.23, 10); // 5 + 25 * 0.7 = 22.5% -> 23 entries
    expect(uncertain.energy).toBeGreaterThan(confident.energy);
  });

  it('keeps a flat map whole, an all-zero map empty, and a single peak alone, never NaN', () => {
    const flat = confidenceThreshold(new Float32Array(20).fill(0.4), { probability: 0.9 });
    expect([flat.coverage, flat.energy]).toEqual([1, 1]);
    const zero = confidenceThreshold(new Float32Array(20), { probability: 0.9 });
    expect([zero.coverage, zero.energy, zero.cutoff]).toEqual([0, 0, 0]);
    const peak = new Float32Array(400);
    peak[123] = 1;
    const single = confidenceThreshold(peak, { probability: 0.2 });
    expect(single.coverage).toBe(1 / 400);
    expect(single.energy).toBe(1);
    for (const r of [flat, zero, single]) for (const v of [r.coverage, r.energy, r.cutoff, r.value as number]) expect(Number.isFinite(v)).toBe(true);
  });

  it('rejects a map with NaN instead of passing it on', () => {
    expect(() => confidenceThreshold([0.1, Number.NaN], { probability: 0.5 })).toThrow('non-finite');
  });
});

describe('the confidence spec through applyThreshold', () => {
  const values = randomMap(256, mulberry32(5), { zeroShare: 0.1 });

  it('matches confidenceThreshold when the probability is given', () => {
    expect(applyThreshold(values, { kind: 'confidence', probability: 0.7, maxPercent: 20 }))
      .toEqual(confidenceThreshold(values, { probability: 0.7, maxPercent: 20 }));
  });

  it('asks for the probability when none is given', () => {
    expect(() => applyThreshold(values, { kind: 'confidence' })).toThrow(UsageError);
    expect(() => applyThreshold(values, { kind: 'confidence' })).toThrow("needs the explained class's probability");
  });

  it('withProbability fills in a missing probability and leaves everything else alone', () => {
    expect(withProbability({ kind: 'confidence' }, 0.4)).toEqual({ kind: 'confidence', probability: 0.4 });
    expect(withProbability({ kind: 'confidence', probability: 0.9 }, 0.4)).toEqual({ kind: 'confidence', probability: 0.9 });
    expect(withProbability({ kind: 'percentile', percent: 10 }, 0.4)).toEqual({ kind: 'percentile', percent: 10 });
  });
});

describe('the confidence threshold in explain() and on the command line', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("keeps, for each explained class, the percent its own probability gives", async () => {
    const model = tinyModel();
    const data = Float32Array.from({ length: 48 }, (_, i) => ((i * 37) % 11) / 10);
    const [result] = await explain(model, [{ source: 'pattern', data }], { topK: 2, threshold: { kind: 'confidence' } });
    expect(result.explanations).toHaveLength(2);
    for (const e of result.explanations) {
      expect(e.threshold.kind).toBe('confidence');
      expect(e.threshold.value).toBeCloseTo(5 + 25 * (1 - e.probability), 9);
    }
    // The two classes' probabilities sum to 1 and differ, so the less likely class keeps more of its map.
    const [top, second] = result.explanations;
    expect(second.threshold.value as number).toBeGreaterThan(top.threshold.value as number);
    model.dispose();
  });

  it.each([['confidence'], ['hybrid'], ['otsu'], ['dynamic']])('parses --threshold %s as that strategy with its defaults', (name) => {
    expect(parseThreshold(name)).toEqual({ kind: name });
  });

  it('still parses a percent, and names every strategy when it rejects a value', () => {
    expect(parseThreshold('12.5')).toEqual({ kind: 'percentile', percent: 12.5 });
    expect(() => parseThreshold('confident')).toThrow(InvalidArgumentError);
    expect(() => parseThreshold('confident')).toThrow("threshold must be a percent in (0, 100], 'dynamic', 'otsu', 'confidence' or 'hybrid', got 'confident'");
  });
});
