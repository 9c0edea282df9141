import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Explanation } from '../src/explain.js';
import { THRESHOLD_GRID_PANEL_HEIGHT, thresholdGridFigure } from '../src/evaluate/run/threshold-grid-figure.js';
import { thresholdOn } from '../src/evaluate/run/thresholds.js';
import { PANEL_GUTTER } from '../src/render/panel.js';
import { TITLE_ROW_HEIGHT } from '../src/render/title-row.js';
import { keepLowest } from '../src/evaluate/run/lowest-scoring.js';
import {
  interpolatedPrecision,
  itemPrecisionRecall,
  RECALL_LEVELS,
  summarisePrecisionRecall,
  type ItemPrecisionRecall,
} from '../src/evaluate/run/precision-recall.js';

describe('interpolated precision at fixed recall levels', () => {
  it('takes the best precision at that recall or more, so the curve never rises', () => {
    const p = interpolatedPrecision([0.25, 0.5, 0.75], [0.5, 1, 0.6], [0, 0.25, 0.5, 0.6, 0.75]);
    expect(Array.from(p)).toEqual([1, 1, 1, 0.6, 0.6]);
  });

  it('gives 0 at recall levels no cutoff reaches', () => {
    expect(Array.from(interpolatedPrecision([0.5], [1], [0.4, 0.5, 0.9]))).toEqual([1, 1, 0]);
  });
});

describe('one item against its mask over all cutoffs', () => {
  const mask = Uint8Array.from([1, 1, 0, 0]);

  it('scores AUPR 1 and precision 1 at every recall for a map equal to the mask', () => {
    const r = itemPrecisionRecall(Float32Array.from(mask), mask);
    expect(r?.aupr).toBeCloseTo(1, 12);
    expect(r?.precision).toHaveLength(RECALL_LEVELS.length);
    for (const p of r?.precision ?? []) expect(p).toBeCloseTo(1, 12);
  });

  it('scores the step-sum AUPR of a map ranking the object last: 0.5 x 1/3 + 0.5 x 2/4', () => {
    const r = itemPrecisionRecall(Float32Array.from([0.1, 0.2, 0.3, 0.4]), mask);
    expect(r?.aupr).toBeCloseTo(0.5 / 3 + 0.25, 12);
    expect(r?.precision[RECALL_LEVELS.length - 1]).toBeCloseTo(0.5, 12);
  });

  it('has no curve when the mask is empty or covers everything', () => {
    expect(itemPrecisionRecall(Float32Array.from([1, 0, 0, 0]), new Uint8Array(4))).toBeNull();
    expect(itemPrecisionRecall(Float32Array.from([1, 0, 0, 0]), new Uint8Array(4).fill(1))).toBeNull();
  });
});

describe('precision-recall per condition', () => {
  const item = (id: string, condition: string, aupr: number, precision: number): ItemPrecisionRecall => ({
    item: id,
    condition,
    method: 'gradcam',
    aupr,
    precision: new Float64Array(RECALL_LEVELS.length).fill(precision),
  });
  const items = [item('a', 'clean', 1, 1), item('b', 'clean', 0.5, 0.6), item('c', 'fineGrained', 0.2, 0.3)];

  it('averages AUPR and curves per condition and pools all conditions', () => {
    const s = summarisePrecisionRecall(items, { conditions: ['clean', 'fineGrained'], methods: ['gradcam'] }, { resamples: 200, seed: 1 });
    expect(s.map((g) => `${g.condition}:${g.n}`)).toEqual(['clean:2', 'fineGrained:1', 'all:3']);
    expect(s[0].aupr.mean).toBeCloseTo(0.75, 12);
    expect(s[0].precision[50]).toBeCloseTo(0.8, 12);
    expect(s[1].aupr).toMatchObject({ lower: expect.closeTo(0.2, 12), upper: expect.closeTo(0.2, 12) });
    expect(s[2].aupr.mean).toBeCloseTo(1.7 / 3, 12);
    expect(s[2].recall).toEqual([...RECALL_LEVELS]);
  });
});

describe('keeping the lowest-scoring entries', () => {
  it('keeps the k lowest in increasing order, the earlier of equal scores first', () => {
    let kept: Array<{ id: string; score: number }> = [];
    for (const [id, score] of [['a', 0.5], ['b', 0.1], ['c', 0.9], ['d', 0.1], ['e', 0.3]] as const) kept = keepLowest(kept, { id, score }, 3);
    expect(kept.map((e) => e.id)).toEqual(['b', 'd', 'e']);
  });

  it('keeps nothing when asked for none', () => {
    expect(keepLowest([], { score: 0 }, 0)).toEqual([]);
  });
});

describe('a map seen through every threshold', () => {
  it('draws input, map and one panel per threshold side by side, under a row of titles', async () => {
    const size = 16;
    const item = {
      id: 'scene-0',
      condition: 'clean',
      input: new Float32Array(size * size * 3),
      image: { rgb: new Uint8Array(size * size * 3).fill(90), width: size, height: size },
      mask: new Uint8Array(size * size),
      box: { left: 0, top: 0, width: size, height: size },
    };
    const values = Float32Array.from([0, 0.5, 0.25, 1]);
    const explanation = { attribution: { values, topology: { kind: 'grid2d', width: 2, height: 2 } } } as unknown as Explanation;
    const thresholds = [
      { name: 'none', result: thresholdOn(values, { name: 'none', spec: null }, 1) },
      { name: '25%', result: thresholdOn(values, { name: '25%', spec: { kind: 'percentile', percent: 25 } }, 1) },
    ];
    const png = await thresholdGridFigure(item, explanation, thresholds, 'gradcam');
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(4 * THRESHOLD_GRID_PANEL_HEIGHT + 3 * PANEL_GUTTER);
    expect(meta.height).toBe(THRESHOLD_GRID_PANEL_HEIGHT + TITLE_ROW_HEIGHT);
  });
});
