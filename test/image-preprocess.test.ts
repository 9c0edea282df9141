import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import {
  IMAGENET_PREPROCESS,
  PREPROCESS_PRESET_NAMES,
  normalizePixels,
  preprocessPreset,
  resolvePreprocess,
} from '../src/image/preprocess.js';

/** One pixel per row: black, mid grey, white, and a pure colour. */
const PIXELS = new Uint8Array([0, 0, 0, 128, 128, 128, 255, 255, 255, 255, 0, 0]);

function close(actual: Float32Array, expected: number[], tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, -Math.log10(tolerance)));
}

describe('preprocessing presets', () => {
  it('imagenet: torchvision mean/std on [0,1] pixels', () => {
    const out = normalizePixels(PIXELS, preprocessPreset('imagenet'));
    const m = [0.485, 0.456, 0.406];
    const s = [0.229, 0.224, 0.225];
    close(out, Array.from(PIXELS, (p, i) => (p / 255 - m[i % 3]) / s[i % 3]));
    expect(out[0]).toBeCloseTo(-2.1179, 4);
    expect(out[8]).toBeCloseTo(2.64, 4);
  });

  it('inception maps 0..255 to [-1, 1]', () => {
    close(normalizePixels(PIXELS, preprocessPreset('inception')), Array.from(PIXELS, (p) => p / 127.5 - 1));
    expect(normalizePixels(new Uint8Array([0, 255, 0]), preprocessPreset('inception'))[1]).toBeCloseTo(1, 6);
  });

  it('raw keeps 0..255 and unit gives [0, 1]', () => {
    close(normalizePixels(PIXELS, preprocessPreset('raw')), Array.from(PIXELS));
    close(normalizePixels(PIXELS, preprocessPreset('unit')), Array.from(PIXELS, (p) => p / 255));
  });

  it('lists the four presets and rejects other names with the list', () => {
    expect(PREPROCESS_PRESET_NAMES).toEqual(['imagenet', 'inception', 'raw', 'unit']);
    expect(() => preprocessPreset('caffe')).toThrow(
      new UsageError("unknown preprocessing 'caffe'; expected one of: imagenet, inception, raw, unit"),
    );
    expect(() => preprocessPreset('toString')).toThrow(UsageError);
  });

  it('normalizePixels rejects a byte count that is not RGB', () => {
    expect(() => normalizePixels(new Uint8Array(4), IMAGENET_PREPROCESS)).toThrow(UsageError);
  });
});

describe('resolvePreprocess', () => {
  it('defaults to imagenet, or to the base when one is given', () => {
    expect(resolvePreprocess()).toEqual(IMAGENET_PREPROCESS);
    expect(resolvePreprocess(undefined, 'raw')).toEqual(preprocessPreset('raw'));
  });

  it('sets object fields over their own preset, over the base, or over the default', () => {
    expect(resolvePreprocess({ preset: 'unit', resize: 'crop' })).toEqual({ ...preprocessPreset('unit'), resize: 'crop' });
    expect(resolvePreprocess({ mean: [0.5, 0.5, 0.5] }, 'inception')).toEqual({ ...preprocessPreset('inception'), mean: [0.5, 0.5, 0.5] });
    expect(resolvePreprocess({ scale: 2 })).toEqual({ ...IMAGENET_PREPROCESS, scale: 2 });
  });

  it('treats the base given as the option itself as no base', () => {
    const sidecar = { std: [2, 2, 2] as [number, number, number] };
    expect(resolvePreprocess(sidecar, sidecar)).toEqual({ ...IMAGENET_PREPROCESS, std: [2, 2, 2] });
  });

  it('ignores a preset field left undefined', () => {
    expect(resolvePreprocess({ preset: undefined, resize: 'crop' }, 'raw')).toEqual({ ...preprocessPreset('raw'), resize: 'crop' });
  });

  it('rejects bad fields with what was expected and what came', () => {
    expect(() => resolvePreprocess({ mean: [1, 2] } as never)).toThrow('preprocessing mean: expected 3 numbers (R, G, B), got [1,2]');
    expect(() => resolvePreprocess({ std: [1, 0, 1] })).toThrow('preprocessing std: expected non-zero values, got [1, 0, 1]');
    expect(() => resolvePreprocess({ scale: -1 })).toThrow('preprocessing scale: expected a positive number, got -1');
    expect(() => resolvePreprocess({ resize: 'stretch' } as never)).toThrow(`preprocessing resize: expected 'fill' or 'crop', got "stretch"`);
    expect(() => resolvePreprocess({ means: [1, 1, 1] } as never)).toThrow("preprocessing: unknown field 'means'");
  });
});
