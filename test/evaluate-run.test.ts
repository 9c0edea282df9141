import { describe, expect, it } from 'vitest';
import { ALL_CONDITIONS, compareWithBaseline, summariseGroups } from '../src/evaluate/run/aggregate.js';
import { boundaryTolerance, localisationScores } from '../src/evaluate/run/localisation-scores.js';
import { mapOnImage } from '../src/evaluate/run/map-on-image.js';
import type { ItemScores } from '../src/evaluate/run/run-evaluation.js';
import { parseEvaluationThresholds, thresholdOn } from '../src/evaluate/run/thresholds.js';
import { htmlTable, markdownTable } from '../src/evaluate/report/table.js';
import { formatPValue } from '../src/evaluate/report/format.js';

describe('evaluation thresholds', () => {
  it('reads none, percents, dynamic and otsu, naming percents with a % sign', () => {
    const t = parseEvaluationThresholds('none,5,12.5,dynamic,otsu');
    expect(t.map((x) => x.name)).toEqual(['none', '5%', '12.5%', 'dynamic', 'otsu']);
    expect(t[0].spec).toBeNull();
    expect(t[2].spec).toEqual({ kind: 'percentile', percent: 12.5 });
  });

  it('rejects percents outside (0, 100], unknown names and repeats with a UsageError', () => {
    expect(() => parseEvaluationThresholds('0')).toThrow(/got '0'/);
    expect(() => parseEvaluationThresholds('none,top')).toThrow(/got 'top'/);
    expect(() => parseEvaluationThresholds('10,10')).toThrow(/repeat/);
  });

  it('reads the adaptive strategies hybrid and confidence; confidence keeps more of the map for an unsure prediction', () => {
    const t = parseEvaluationThresholds('hybrid,confidence');
    expect(t.map((x) => x.spec)).toEqual([{ kind: 'hybrid' }, { kind: 'confidence' }]);
    const values = Float32Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    const sure = thresholdOn(values, t[1], 0.99);
    const unsure = thresholdOn(values, t[1], 0.2);
    expect(unsure.coverage).toBeGreaterThan(sure.coverage);
    expect(sure.kind).toBe('confidence');
  });

  it('keeps every positive entry with cutoff 0 when unthresholded', () => {
    const r = thresholdOn(Float32Array.from([0, 0.2, 1, 0]), { name: 'none', spec: null }, 1);
    expect(r.cutoff).toBe(0);
    expect(r.coverage).toBeCloseTo(0.5, 12);
    expect(r.energy).toBeCloseTo(1, 12);
  });

  it('keeps the top quarter of four values with a 25% threshold', () => {
    const r = thresholdOn(Float32Array.from([0.1, 0.2, 1, 0.4]), { name: '25%', spec: { kind: 'percentile', percent: 25 } }, 1);
    expect(r.cutoff).toBeCloseTo(1, 6);
    expect(r.coverage).toBeCloseTo(0.25, 12);
  });
});

describe('map laid on its image', () => {
  it('upsamples over the whole image when the model saw all of it', () => {
    const up = mapOnImage(Float32Array.from([1, 1, 1, 1]), 2, 2, 6, 4, { left: 0, top: 0, width: 6, height: 4 });
    expect(up).toHaveLength(24);
    expect(Math.min(...up)).toBeCloseTo(1, 6);
  });

  it('fills only the crop box and leaves the rest zero', () => {
    const up = mapOnImage(Float32Array.from([1]), 1, 1, 4, 4, { left: 1, top: 1, width: 2, height: 2 });
    const inside = [5, 6, 9, 10];
    up.forEach((v, i) => expect(v).toBe(inside.includes(i) ? 1 : 0));
  });
});

describe('localisation scores of a kept region', () => {
  const mask = Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]); // 2x2 square in 4x4

  it('are all 1 for a map equal to the mask', () => {
    const s = localisationScores(Float32Array.from(mask), mask, 4, 4, 0.5);
    expect(s).toEqual({ iou: 1, dice: 1, precision: 1, recall: 1, boundaryF1: 1, pointing: 1 });
  });

  it('follow the overlap for a region of half object, half background', () => {
    const map = new Float32Array(16);
    map[5] = 1; // on the object
    map[4] = 0.9; // beside it
    const s = localisationScores(map, mask, 4, 4, 0.5);
    expect(s.iou).toBeCloseTo(1 / 5, 12); // 1 shared pixel; union 2 kept + 4 object - 1
    expect(s.dice).toBeCloseTo(2 / 6, 12);
    expect(s.precision).toBeCloseTo(0.5, 12);
    expect(s.recall).toBeCloseTo(0.25, 12);
    // both kept pixels lie within a pixel of the square's outline; 3 of its 4 pixels lie within a pixel of a kept one
    expect(s.boundaryF1).toBeCloseTo((2 * 1 * 0.75) / 1.75, 12);
    expect(s.pointing).toBe(1);
  });

  it('match boundaries within one pixel on small images and within 0.75% of the diagonal on large ones', () => {
    expect(boundaryTolerance(64, 64)).toBe(1);
    expect(boundaryTolerance(1000, 1000)).toBeCloseTo(0.0075 * Math.SQRT2 * 1000, 9);
  });
});

function row(item: string, condition: string, threshold: string, iou: number): ItemScores {
  return { item, condition, method: 'gradcam', threshold, target: 0, predicted: 0, coverage: 0.1, iou, dice: iou, precision: iou, recall: iou, boundaryF1: iou, pointing: 1 };
}

describe('aggregation', () => {
  // Two conditions, three items each; the 10% threshold adds 0.1, 0.2, 0.3 to every item's IoU.
  const scores = [
    row('a', 'clean', 'none', 0.2), row('b', 'clean', 'none', 0.4), row('c', 'clean', 'none', 0.6),
    row('a', 'clean', '10%', 0.3), row('b', 'clean', '10%', 0.6), row('c', 'clean', '10%', 0.9),
    row('d', 'textured', 'none', 0.1), row('e', 'textured', 'none', 0.1), row('f', 'textured', 'none', 0.1),
    row('d', 'textured', '10%', 0.2), row('e', 'textured', '10%', 0.3), row('f', 'textured', '10%', 0.4),
  ];
  const grouping = { conditions: ['clean', 'textured'], methods: ['gradcam'], thresholds: ['none', '10%'] };

  it('gives each condition x threshold its mean, and pools all conditions as one more group', () => {
    const summary = summariseGroups(scores, grouping, { resamples: 200, seed: 1 });
    expect(summary.map((g) => `${g.condition}/${g.threshold}`)).toEqual(['clean/none', 'clean/10%', 'textured/none', 'textured/10%', 'all/none', 'all/10%']);
    expect(summary[1].metrics.iou.mean).toBeCloseTo(0.6, 12);
    expect(summary[2].metrics.iou).toMatchObject({ lower: expect.closeTo(0.1, 12), upper: expect.closeTo(0.1, 12) });
    expect(summary.find((g) => g.condition === ALL_CONDITIONS && g.threshold === '10%')?.n).toBe(6);
  });

  it('pairs each threshold with the baseline by item: differences of 0.1, 0.2, 0.3 have mean 0.2 and d_z 2', () => {
    const comparisons = compareWithBaseline(scores, grouping, 'none', 'iou', { resamples: 200, seed: 1 });
    expect(comparisons).toHaveLength(3);
    for (const c of comparisons.filter((x) => x.condition !== ALL_CONDITIONS)) {
      expect(c.difference.mean).toBeCloseTo(0.2, 12);
      expect(c.cohensDz).toBeCloseTo(2, 9); // mean 0.2 over sample sd 0.1
      expect(c.tTest.statistic).toBeCloseTo(2 * Math.sqrt(3), 9);
      expect(c.wilcoxon.statistic).toBe(6); // all three differences positive: 1 + 2 + 3
    }
  });
});

describe('report tables and numbers', () => {
  const table = { columns: [{ title: 'a|b' }, { title: 'n', align: 'right' as const }], rows: [['<x>', '3']] };

  it('writes Markdown with right-aligned numeric columns and escaped pipes', () => {
    expect(markdownTable(table)).toBe('| a\\|b | n |\n|---|---:|\n| <x> | 3 |');
  });

  it('writes HTML with escaped text', () => {
    const html = htmlTable(table);
    expect(html).toContain('<td>&lt;x&gt;</td>');
    expect(html).toContain('<td class="num">3</td>');
  });

  it('prints small p-values in exponent form', () => {
    expect(formatPValue(0.0123)).toBe('0.012');
    expect(formatPValue(0.00002)).toBe('2.0e-5');
  });
});
