/**
 * ONNX models on onnxruntime-web (WebAssembly) in Node, the runtime a board without the onnxruntime-node
 * addon gets: the same logits as the addon for the same input, and through the CLI with every native addon
 * blocked, the same top class and nearly the same map as the normal run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, ortRuntimeName, setOrtRuntime, type OrtRuntimeName } from '../src/engines/onnx/ort-session.js';
import { prepareImage } from '../src/image/prepare.js';
import { IMAGENET_PREPROCESS } from '../src/image/preprocess.js';
import { buildModel, HAVE_SHARED, IMAGES, MODELS, maxAbsDiff, pearson } from './onnx-fixtures.js';
import { litecamWithAddons, litecamWithoutAddons } from './helpers/no-native-cli.js';

const MOBILENET = join(MODELS, 'mobilenetv2_imagenet.onnx');
const PHOTO = join(IMAGES, 'grace_hopper.jpg');
const HAVE_FILES = HAVE_SHARED && existsSync(MOBILENET) && existsSync(PHOTO);

afterEach(() => setOrtRuntime(undefined));

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

describe.skipIf(!HAVE_FILES)('MobileNetV2 on onnxruntime-web', () => {
  it('gives the logits of onnxruntime-node for the same photo, to 1e-3', async () => {
    const spec = { width: 224, height: 224, channels: 3, layout: 'NCHW' as const, preprocess: { ...IMAGENET_PREPROCESS, resize: 'crop' as const } };
    const prepared = await prepareImage(PHOTO, spec);
    const nchw = new Float32Array(3 * 224 * 224);
    for (let p = 0; p < 224 * 224; p++) for (let c = 0; c < 3; c++) nchw[c * 224 * 224 + p] = prepared.input.data[p * 3 + c];
    const bytes = new Uint8Array(readFileSync(MOBILENET));
    const logits: Partial<Record<OrtRuntimeName, Float32Array>> = {};
    for (const runtime of ['node', 'web'] as const) {
      setOrtRuntime(runtime);
      const session = await createSession(bytes, 'mobilenetv2');
      expect(ortRuntimeName()).toBe(runtime);
      const out = await session.run({ [session.inputNames[0]]: { type: 'float32', data: nchw, dims: [1, 3, 224, 224] } });
      logits[runtime] = out[session.outputNames[0]].data as Float32Array;
      await session.release();
    }
    const { node, web } = logits as Record<OrtRuntimeName, Float32Array>;
    expect(web).toHaveLength(1000);
    expect(argmax(web)).toBe(argmax(node));
    // Measured: 6e-6 on a random input; both runtimes run the same kernels, compiled differently.
    expect(maxAbsDiff(web, node)).toBeLessThan(1e-3);
  });

  it('explains the photo through the CLI with every native addon blocked, matching the normal run', async () => {
    const args = ['explain', '--model', MOBILENET, '--image', PHOTO, '--json'];
    const [native, board] = [await litecamWithAddons(args), await litecamWithoutAddons(args)];
    expect([native.stderr, board.stderr]).toEqual(['', '']);
    const [n, b] = [JSON.parse(native.stdout), JSON.parse(board.stdout)];
    expect(n.runtime).toEqual({ tfjs: 'wasm', onnx: 'node', images: 'sharp' });
    expect(b.runtime).toEqual({ tfjs: 'wasm', onnx: 'web', images: 'js' });
    expect(b.predictions[0].class).toBe(n.predictions[0].class);
    // The JPEG decoders differ by about a grey level, which moves the logits a little (measured 0.002 for the
    // top class, 0.25 at most in the top 3) and the 7x7 map by at most 0.05.
    for (let i = 0; i < 3; i++) expect(Math.abs(b.predictions[i].score - n.predictions[i].score)).toBeLessThan(0.75);
    const [mapB, mapN] = [b.explanations[0].cam.data, n.explanations[0].cam.data];
    expect(maxAbsDiff(mapB, mapN)).toBeLessThan(0.15);
    expect(pearson(mapB, mapN)).toBeGreaterThan(0.98);
  });

  it('refuses LITECAM_ORT=node in one line when the addon cannot load, instead of falling back', async () => {
    const r = await litecamWithoutAddons(['explain', '--model', MOBILENET, '--image', PHOTO], { LITECAM_ORT: 'node' });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^litecam: ONNX Runtime 'node' \(onnxruntime-node\) cannot load: .*native addon blocked.*; use LITECAM_ORT=web$/);
  });
});

describe('choosing the ONNX Runtime', () => {
  it('rejects an unknown runtime name from the API and from LITECAM_ORT', async () => {
    expect(() => setOrtRuntime('gpu' as never)).toThrow("ONNX Runtime: expected node or web, got 'gpu'");
    process.env.LITECAM_ORT = 'gpu';
    try {
      await expect(createSession(new Uint8Array(4), 'x.onnx')).rejects.toThrow("LITECAM_ORT: expected node or web, got 'gpu'");
    } finally {
      delete process.env.LITECAM_ORT;
    }
  });

  it('takes onnxruntime-node by default and onnxruntime-web when LITECAM_NATIVE=0, with the same results', async () => {
    const relu = buildModel({ inputs: [{ name: 'x', dims: [1, 4] }], outputs: ['y'], nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }] });
    const x = { type: 'float32', data: Float32Array.from([-2, -0.5, 0.25, 3]), dims: [1, 4] };
    const outputs: Record<string, number[]> = {};
    for (const native of ['1', '0']) {
      process.env.LITECAM_NATIVE = native;
      setOrtRuntime(undefined);
      try {
        const session = await createSession(relu, 'relu.onnx');
        outputs[ortRuntimeName() as string] = Array.from((await session.run({ x })).y.data as Float32Array);
        await session.release();
      } finally {
        delete process.env.LITECAM_NATIVE;
      }
    }
    expect(outputs).toEqual({ node: [0, 0, 0.25, 3], web: [0, 0, 0.25, 3] });
  });
});
