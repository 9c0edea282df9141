import { describe, expect, it } from 'vitest';
import { keepTopPercent } from '../src/attribution/threshold/percentile.js';
import { UsageError } from '../src/errors.js';
import { keptIntervals, sequenceSvg } from '../src/render/sequence-svg.js';

const STEPS = 10;
const FEATURES = 3;
const SERIES = Float32Array.from({ length: STEPS * FEATURES }, (_, i) => Math.sin(i));

function count(svg: string, pattern: RegExp): number {
  return svg.match(pattern)?.length ?? 0;
}

describe('keptIntervals', () => {
  it('returns each run of non-zero entries as [start, end)', () => {
    expect(keptIntervals([0, 1, 2, 0, 0, 3, 0, 4, 5])).toEqual([[1, 3], [5, 6], [7, 9]]);
    expect(keptIntervals([0, 0])).toEqual([]);
  });
});

describe('sequenceSvg', () => {
  it('draws one polyline per feature with its legend, and no shading without a threshold', () => {
    const svg = sequenceSvg({ series: SERIES, steps: STEPS, features: FEATURES }, { featureNames: ['a', 'b', 'c<d'] });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(count(svg, /<polyline class="series"/g)).toBe(FEATURES);
    expect(count(svg, /class="legend"/g)).toBe(FEATURES);
    expect(count(svg, /class="interval"/g)).toBe(0);
    expect(svg).toContain('c&#60;d');
    // Every line has one point per step.
    const points = /points="([^"]+)"/.exec(svg)?.[1].split(' ') ?? [];
    expect(points).toHaveLength(STEPS);
  });

  it('shades each interval the threshold kept, spanning its steps', () => {
    const importance = Float32Array.from([0, 0, 5, 6, 7, 0, 0, 0, 9, 0]);
    const threshold = keepTopPercent(importance, 40);
    const svg = sequenceSvg({ series: SERIES, steps: STEPS, features: FEATURES, threshold }, { width: 540, height: 200 });
    const rects = [...svg.matchAll(/class="interval" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // Plot width 540 - 40 - 110 = 390 over 10 steps: 39 px a step, starting at x = 40.
    expect(rects).toHaveLength(2);
    expect(rects[0][0]).toBeCloseTo(40 + 2 * 39, 1);
    expect(rects[0][1]).toBeCloseTo(3 * 39, 1);
    expect(rects[1][0]).toBeCloseTo(40 + 8 * 39, 1);
    expect(rects[1][1]).toBeCloseTo(39, 1);
  });

  it('plots only the top features by absolute importance', () => {
    const importance = new Float32Array(STEPS * FEATURES);
    for (let t = 0; t < STEPS; t++) {
      importance[t * FEATURES + 2] = -3;
      importance[t * FEATURES + 0] = 1;
    }
    const svg = sequenceSvg({ series: SERIES, steps: STEPS, features: FEATURES, featureImportance: importance }, { topFeatures: 2 });
    expect([...svg.matchAll(/data-feature="(\d)"/g)].map((m) => Number(m[1]))).toEqual([2, 0]);
  });

  it('rejects a threshold whose length is not the number of steps', () => {
    const threshold = keepTopPercent(new Float32Array(4).fill(1), 50);
    expect(() => sequenceSvg({ series: SERIES, steps: STEPS, features: FEATURES, threshold })).toThrow(UsageError);
  });
});
