import { describe, expect, it } from 'vitest';
import { keepAtOrAbove } from '../src/attribution/threshold/result.js';
import { generateScene } from '../src/datasets/shapes.js';
import { UsageError } from '../src/errors.js';
import {
  averagePrecision,
  binarise,
  boundaryF1,
  boundaryPixels,
  dice,
  iou,
  precisionRecallCurve,
  regionPrecision,
  regionRecall,
  relevanceMassAccuracy,
  relevanceRankAccuracy,
  rocAuc,
} from '../src/evaluate/metrics/index.js';

/** A w x h mask with the axis-aligned rectangle [x0, x1] x [y0, y1] set. */
function rectangle(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * w + x] = 1;
  return m;
}

describe('region overlap of a binarised map', () => {
  it('binarises at a number or at a ThresholdResult cutoff, never keeping zeros', () => {
    const map = Float32Array.from([0, 0.2, 0.5, 0.9]);
    expect([...binarise(map, 0.5)]).toEqual([0, 0, 1, 1]);
    expect([...binarise(map, keepAtOrAbove(map, 0.2, 'fixed', null))]).toEqual([0, 1, 1, 1]);
    expect([...binarise(map, 0)]).toEqual([0, 1, 1, 1]);
  });

  it('gives Dice 1 for a perfect region, 2|P∩T|/(|P|+|T|) otherwise', () => {
    const truth = Uint8Array.from([1, 1, 0, 0]);
    expect(dice(truth, truth)).toBe(1);
    expect(dice(Uint8Array.from([0, 1, 1, 0]), truth)).toBeCloseTo(0.5, 12);
    expect(dice(Uint8Array.from([0, 0, 1, 1]), truth)).toBe(0);
  });

  it('gives precision as the share of the region on the object and recall as the share of the object covered', () => {
    const truth = Uint8Array.from([1, 0, 0, 0]);
    const region = Uint8Array.from([1, 1, 1, 0]);
    expect(regionPrecision(region, truth)).toBeCloseTo(1 / 3, 12);
    expect(regionRecall(region, truth)).toBe(1);
    expect(regionPrecision(new Uint8Array(4), truth)).toBe(0);
  });

  it('rejects a region and a mask of different sizes with a usage error', () => {
    expect(() => dice(new Uint8Array(3), new Uint8Array(4))).toThrow(UsageError);
  });
});

describe('boundary F1', () => {
  const truth = rectangle(10, 10, 2, 2, 5, 5);

  it('marks the 4-connected edge of a square as its boundary, not the image frame', () => {
    const ring = boundaryPixels(truth, 10, 10);
    expect(ring.reduce((a, b) => a + b, 0)).toBe(12); // the 4x4 square's outline
    expect(boundaryPixels(new Uint8Array(100).fill(1), 10, 10).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('is 1 for the same region and, for a one-pixel shift, 0.5 at zero tolerance and 1 at one pixel', () => {
    const shifted = rectangle(10, 10, 3, 2, 6, 5);
    expect(boundaryF1(truth, truth, 10, 10)).toBe(1);
    expect(boundaryF1(shifted, truth, 10, 10, 0)).toBeCloseTo(0.5, 12);
    expect(boundaryF1(shifted, truth, 10, 10, 1)).toBe(1);
  });

  it('is 0 when only one of the two regions has a boundary', () => {
    expect(boundaryF1(new Uint8Array(100), truth, 10, 10)).toBe(0);
  });
});

describe('relevance mass and rank accuracy', () => {
  const mask = Uint8Array.from([1, 1, 0, 0]);

  it('gives the share of positive relevance inside the mask, ignoring negative relevance', () => {
    expect(relevanceMassAccuracy(Float32Array.from([0.5, 0, 1, 0.5]), mask)).toBeCloseTo(0.25, 6);
    expect(relevanceMassAccuracy(Float32Array.from([1, 1, -5, 0]), mask)).toBe(1);
  });

  it('gives the share of the K top-ranked pixels inside a mask of K pixels', () => {
    expect(relevanceRankAccuracy(Float32Array.from([0.9, 0.1, 0.8, 0]), mask)).toBeCloseTo(0.5, 12);
    expect(relevanceRankAccuracy(Float32Array.from(mask), mask)).toBe(1);
  });
});

describe('ROC AUC and the precision-recall curve', () => {
  // scikit-learn's documented example: roc_auc_score = 0.75, average_precision_score = 0.8333...
  const labels = Uint8Array.from([0, 0, 1, 1]);
  const scores = Float32Array.from([0.1, 0.4, 0.35, 0.8]);

  it('matches scikit-learn on its documented example', () => {
    expect(rocAuc(scores, labels)).toBeCloseTo(0.75, 6);
    expect(averagePrecision(scores, labels)).toBeCloseTo(0.8333333, 6);
    const curve = precisionRecallCurve(scores, labels);
    expect([...curve.thresholds]).toEqual([...Float32Array.from([0.8, 0.4, 0.35, 0.1])]);
    expect([...curve.precision].map((p) => +p.toFixed(4))).toEqual([1, 0.5, 0.6667, 0.5]);
    expect([...curve.recall]).toEqual([0.5, 0.5, 1, 1]);
  });

  it('averages tied scores: a constant map has AUC 0.5 and AP equal to the object share', () => {
    const constant = new Float32Array(4).fill(0.3);
    expect(rocAuc(constant, Uint8Array.from([1, 0, 1, 0]))).toBe(0.5);
    expect(averagePrecision(Float32Array.from([0.5, 0.5, 0.5, 0.1]), Uint8Array.from([1, 0, 1, 0]))).toBeCloseTo(2 / 3, 12);
  });

  it('rejects a mask without background, where neither measure is defined', () => {
    expect(() => rocAuc(scores, new Uint8Array(4).fill(1))).toThrow(UsageError);
    expect(() => averagePrecision(scores, new Uint8Array(4))).toThrow(UsageError);
  });
});

describe('on a synthetic scene', () => {
  const scene = generateScene(11, { width: 64, height: 64 });
  const perfect = Float32Array.from(scene.mask);

  it('scores a map equal to the mask 1 on every localisation measure', () => {
    const region = binarise(perfect, 0.5);
    expect(iou(region, scene.mask)).toBe(1);
    expect(dice(region, scene.mask)).toBe(1);
    expect(boundaryF1(region, scene.mask, 64, 64)).toBe(1);
    expect(relevanceMassAccuracy(perfect, scene.mask)).toBe(1);
    expect(relevanceRankAccuracy(perfect, scene.mask)).toBe(1);
    expect(rocAuc(perfect, scene.mask)).toBe(1);
    expect(averagePrecision(perfect, scene.mask)).toBe(1);
  });

  it('scores the inverted mask at the bottom of the ranking measures', () => {
    const inverted = Float32Array.from(scene.mask, (m) => 1 - m);
    expect(rocAuc(inverted, scene.mask)).toBe(0);
    expect(relevanceMassAccuracy(inverted, scene.mask)).toBe(0);
    const objectShare = scene.mask.reduce((a, b) => a + b, 0) / scene.mask.length;
    expect(averagePrecision(inverted, scene.mask)).toBeCloseTo(objectShare, 6);
  });
});
