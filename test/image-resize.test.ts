import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { CROP_RESIZE_RATIO, planModelResize } from '../src/image/crop-box.js';
import { toInputTensorData } from '../src/image/model-input.js';
import { IMAGENET_PREPROCESS, UNIT_PREPROCESS } from '../src/image/preprocess.js';
import { resizeForModel } from '../src/image/resize-for-model.js';
import type { RgbImage } from '../src/image/rgb-image.js';

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgb.set(pixel(x, y), (y * width + x) * 3);
  return { rgb, width, height };
}

describe('planModelResize', () => {
  it("'fill' squeezes the whole image and its box is the whole image", () => {
    expect(planModelResize(640, 480, 224, 224, 'fill')).toEqual({
      resizedWidth: 224,
      resizedHeight: 224,
      cropLeft: 0,
      cropTop: 0,
      box: { left: 0, top: 0, width: 640, height: 480 },
    });
  });

  it("'crop' of a square 256 image to 224 keeps the central 224 pixels", () => {
    const plan = planModelResize(256, 256, 224, 224, 'crop');
    expect(plan).toEqual({ resizedWidth: 256, resizedHeight: 256, cropLeft: 16, cropTop: 16, box: { left: 16, top: 16, width: 224, height: 224 } });
    expect(CROP_RESIZE_RATIO).toBeCloseTo(256 / 224, 12);
  });

  it("'crop' of a 640x480 landscape: shorter side to 256, centre 224 cut, box in original pixels", () => {
    const plan = planModelResize(640, 480, 224, 224, 'crop');
    expect([plan.resizedWidth, plan.resizedHeight, plan.cropLeft, plan.cropTop]).toEqual([341, 256, 59, 16]);
    expect(plan.box.left).toBeCloseTo((59 * 640) / 341, 9);
    expect(plan.box.top).toBeCloseTo(30, 9);
    expect(plan.box.width).toBeCloseTo((224 * 640) / 341, 9);
    expect(plan.box.height).toBeCloseTo(420, 9);
  });

  it("'crop' of a 300x500 portrait crops top and bottom", () => {
    const plan = planModelResize(300, 500, 224, 224, 'crop');
    expect([plan.resizedWidth, plan.resizedHeight, plan.cropLeft, plan.cropTop]).toEqual([256, 427, 16, 102]);
    expect(plan.box.left).toBeCloseTo(18.75, 9);
    expect(plan.box.width).toBeCloseTo(262.5, 9);
    expect(plan.box.top).toBeCloseTo((102 * 500) / 427, 9);
    expect(plan.box.height).toBeCloseTo((224 * 500) / 427, 9);
  });

  it("'crop' to a non-square target fits both sides with the 256/224 margin", () => {
    const plan = planModelResize(640, 480, 320, 240, 'crop');
    expect([plan.resizedWidth, plan.resizedHeight, plan.cropLeft, plan.cropTop]).toEqual([366, 274, 23, 17]);
  });

  it('rejects sizes that are not positive integers and unknown modes', () => {
    expect(() => planModelResize(0, 10, 224, 224, 'fill')).toThrow(new UsageError('image width: expected a positive integer, got 0'));
    expect(() => planModelResize(10, 10, 224.5, 224, 'fill')).toThrow('target width: expected a positive integer, got 224.5');
    expect(() => planModelResize(10, 10, 224, 224, 'pad' as never)).toThrow("resize mode: expected 'fill' or 'crop', got 'pad'");
  });
});

describe('resizeForModel', () => {
  it("'fill' keeps a flat colour flat at the target size", async () => {
    const out = await resizeForModel(image(37, 23, () => [12, 150, 240]), 16, 16, 'fill');
    expect([out.width, out.height, out.rgb.length]).toEqual([16, 16, 16 * 16 * 3]);
    for (let p = 0; p < 256; p++) expect(Array.from(out.rgb.subarray(p * 3, p * 3 + 3))).toEqual([12, 150, 240]);
  });

  it("'fill' is deterministic and keeps a left-to-right ramp increasing", async () => {
    const ramp = image(300, 50, (x) => [Math.round((x * 255) / 299), 0, 0]);
    const a = await resizeForModel(ramp, 64, 64, 'fill');
    const b = await resizeForModel(ramp, 64, 64, 'fill');
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(true);
    for (let x = 1; x < 64; x++) expect(a.rgb[(10 * 64 + x) * 3]).toBeGreaterThanOrEqual(a.rgb[(10 * 64 + x - 1) * 3]);
    expect(a.rgb[10 * 64 * 3]).toBeLessThan(8);
    expect(a.rgb[(10 * 64 + 63) * 3]).toBeGreaterThan(247);
  });

  it("'crop' cuts off side bands that 'fill' keeps, and reports its box", async () => {
    // 400x300: blue up to x=60, green from x=340, red between; 'crop' sees x from about 69 to 332.
    const banded = image(400, 300, (x) => (x < 60 ? [0, 0, 255] : x >= 340 ? [0, 255, 0] : [255, 0, 0]));
    const crop = await resizeForModel(banded, 224, 224, 'crop');
    expect(crop.box).toEqual(planModelResize(400, 300, 224, 224, 'crop').box);
    for (let p = 0; p < 224 * 224; p++) {
      expect(crop.rgb[p * 3]).toBeGreaterThan(250);
      expect(crop.rgb[p * 3 + 1] + crop.rgb[p * 3 + 2]).toBeLessThan(5);
    }
    const fill = await resizeForModel(banded, 224, 224, 'fill');
    expect(Array.from(fill.rgb.subarray(0, 3))).toEqual([0, 0, 255]);
  });

  it('rejects an image whose bytes do not match its size', async () => {
    await expect(resizeForModel({ rgb: new Uint8Array(5), width: 2, height: 2 }, 4, 4, 'fill')).rejects.toThrow(
      new UsageError('image: expected 2x2x3 = 12 bytes, got 5'),
    );
  });
});

describe('toInputTensorData', () => {
  it('resizes then normalises into NHWC floats', async () => {
    const input = await toInputTensorData(image(10, 8, () => [128, 64, 32]), IMAGENET_PREPROCESS, 4, 4);
    expect([input.width, input.height, input.channels, input.data.length]).toEqual([4, 4, 3, 48]);
    const expected = [(128 / 255 - 0.485) / 0.229, (64 / 255 - 0.456) / 0.224, (32 / 255 - 0.406) / 0.225];
    for (let i = 0; i < 48; i++) expect(input.data[i]).toBeCloseTo(expected[i % 3], 5);
  });

  it('gives one-channel models the BT.601 luma', async () => {
    const input = await toInputTensorData(image(4, 4, () => [255, 0, 0]), UNIT_PREPROCESS, 2, 2, 1);
    expect(input.data.length).toBe(4);
    for (const v of input.data) expect(v).toBeCloseTo(0.299, 5);
  });

  it('rejects channel counts other than 1 and 3', async () => {
    await expect(toInputTensorData(image(2, 2, () => [0, 0, 0]), UNIT_PREPROCESS, 2, 2, 4)).rejects.toThrow(
      'images give 1 or 3 channels; the model wants 4',
    );
  });
});
