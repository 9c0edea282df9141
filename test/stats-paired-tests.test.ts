import { describe, expect, it } from 'vitest';
import { cohensDz } from '../src/evaluate/stats/effect-size.js';
import { comparePaired } from '../src/evaluate/stats/paired-comparison.js';
import { pairedTTest } from '../src/evaluate/stats/paired-t-test.js';
import { wilcoxonSignedRank } from '../src/evaluate/stats/wilcoxon.js';

/**
 * Student's sleep data (Cushny and Peebles 1905, as analysed by Student 1908; R's `sleep` data set): extra
 * hours of sleep of ten patients under two drugs. R's documented results for these pairs:
 *   t.test(g1, g2, paired = TRUE)       -> t = -4.0621, df = 9, p-value = 0.002833, mean difference -1.58
 *   wilcox.test(g1, g2, paired = TRUE)  -> V = 0, p-value = 0.009091 (normal approximation: one zero
 *                                          difference and one tie, so no exact p)
 * By hand for Wilcoxon: nine non-zero differences, all negative, so W+ = 0; E[W+] = 9*10/4 = 22.5;
 * Var = 9*10*19/24 - (2^3 - 2)/48 = 71.125 (the tie at |1.3|); z = (0 - 22.5 + 0.5)/sqrt(71.125) = -2.6087.
 */
const DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

/**
 * Darwin's Zea mays data (Fisher, "The Design of Experiments", 1935, sec. 17): height differences in eighths of
 * an inch between crossed and self-fertilised plants in 15 pairs. No ties, no zeros: the exact distribution
 * applies. W+ = 120 - (10 + 14) = 96; P(W+ <= 24) = 676/32768 for n = 15, so the two-sided p = 1352/32768.
 */
const DARWIN = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];

describe('paired t-test', () => {
  it('reproduces R on the sleep data: t = -4.0621, df 9, p = 0.002833', () => {
    const t = pairedTTest(DRUG_1, DRUG_2);
    expect(t.statistic).toBeCloseTo(-4.0621, 4);
    expect(t.df).toBe(9);
    expect(t.pValue).toBeCloseTo(0.002833, 6);
    expect(t.meanDifference).toBeCloseTo(-1.58, 12);
  });

  it('is symmetric: swapping the samples flips the sign of t and keeps p', () => {
    const t = pairedTTest(DRUG_2, DRUG_1);
    expect(t.statistic).toBeCloseTo(4.0621, 4);
    expect(t.pValue).toBeCloseTo(0.002833, 6);
  });

  it('gives p = 1 for identical samples and p = 0 for a constant non-zero shift, never NaN', () => {
    expect(pairedTTest([1, 2, 3], [1, 2, 3]).pValue).toBe(1);
    const shifted = pairedTTest([2, 3, 4], [1, 2, 3]);
    expect(shifted.pValue).toBe(0);
    expect(shifted.statistic).toBe(Infinity);
  });
});

describe('Wilcoxon signed-rank test', () => {
  it('reproduces R on the sleep data (zeros and ties: normal approximation): V = 0, p = 0.009091', () => {
    const w = wilcoxonSignedRank(DRUG_1, DRUG_2);
    expect(w.statistic).toBe(0);
    expect(w.n).toBe(9);
    expect(w.approximation).toBe('normal');
    expect(w.pValue).toBeCloseTo(0.009091, 5);
  });

  it('uses the exact distribution on Darwin\'s data: W+ = 96, p = 1352/32768', () => {
    const w = wilcoxonSignedRank(DARWIN, DARWIN.map(() => 0));
    expect(w.statistic).toBe(96);
    expect(w.approximation).toBe('exact');
    expect(w.pValue).toBeCloseTo(1352 / 32768, 10);
  });

  it('gives p = 1 when every pair is equal', () => {
    expect(wilcoxonSignedRank([0.5, 0.2, 0.1], [0.5, 0.2, 0.1]).pValue).toBe(1);
  });
});

describe("Cohen's d for paired samples", () => {
  it('is the paired t statistic over sqrt(n): -4.0621/sqrt(10) = -1.2846 on the sleep data', () => {
    expect(cohensDz(DRUG_1, DRUG_2)).toBeCloseTo(-4.062128 / Math.sqrt(10), 5);
  });

  it('is the mean of the differences over their sample standard deviation', () => {
    // differences 0 and 2: mean 1, sample sd sqrt(2), so d = 1/sqrt(2)
    expect(cohensDz([0, 2], [0, 0])).toBeCloseTo(1 / Math.SQRT2, 12);
    // differences 1, 2, 3: mean 2, sd 1
    expect(cohensDz([1, 2, 3], [0, 0, 0])).toBeCloseTo(2, 12);
  });
});

describe('paired comparison', () => {
  it('bundles the mean difference with an interval around it, both tests and the effect size', () => {
    const c = comparePaired(DRUG_1, DRUG_2, { seed: 1 });
    expect(c.n).toBe(10);
    expect(c.difference.mean).toBeCloseTo(-1.58, 12);
    expect(c.difference.lower).toBeLessThan(-1.58);
    expect(c.difference.upper).toBeGreaterThan(-1.58);
    expect(c.difference.upper).toBeLessThan(0);
    expect(c.tTest.pValue).toBeCloseTo(0.002833, 6);
    expect(c.wilcoxon.pValue).toBeCloseTo(0.009091, 5);
    expect(c.cohensDz).toBeCloseTo(-1.2846, 4);
  });
});
