/**
 * The CLI as on a small board where native addons do not load: every `.node` load fails (a preload replaces
 * process.dlopen), so images go through the JavaScript codecs and TF.js runs on wasm. Each run is compared
 * with the same command run normally (sharp).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateScene } from '../src/datasets/index.js';
import { TITLE_ROW_HEIGHT } from '../src/render/title-row.js';
import { HAVE_SHARED, IMAGES } from './onnx-fixtures.js';
import { ROOT } from './helpers/cli.js';
import { tempDir } from './helpers/fixtures.js';
import { BLOCK_NATIVE_ADDONS, litecamWithAddons, litecamWithoutAddons, runNode } from './helpers/no-native-cli.js';

const DEMO_MODEL = join(ROOT, 'models', 'demo', 'model');
const PHOTO = join(IMAGES, 'grace_hopper.jpg');

interface JsonRecord {
  runtime: { tfjs: string; onnx: string | null; images: string | null };
  predictions: Array<{ class: number; score: number; probability: number }>;
  explanations: Array<{ class: number; cam: { width: number; height: number; data: number[] }; figure?: string }>;
}

let dir: string;
let scene: string;

beforeAll(async () => {
  dir = tempDir('litecam-board-');
  // Larger than the demo model's 64x64 input, so the resize runs too.
  const s = generateScene(11, { width: 160, height: 120 });
  scene = join(dir, 'scene.png');
  await sharp(s.rgb, { raw: { width: s.width, height: s.height, channels: 3 } }).png().toFile(scene);
});

function records(stdout: string): JsonRecord[] {
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonRecord);
}

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

/** Explains `image` with and without native addons; both must succeed quietly. */
async function explainBothWays(image: string, name: string, extra: string[] = []): Promise<{ native: JsonRecord; board: JsonRecord }> {
  const args = (out: string) => ['explain', '--model', DEMO_MODEL, '--image', image, '--json', '--out', join(dir, out), ...extra];
  const native = await litecamWithAddons(args(`${name}-native`));
  const board = await litecamWithoutAddons(args(`${name}-board`));
  expect(native.stderr).toBe('');
  expect(board.stderr).toBe('');
  expect([native.code, board.code]).toEqual([0, 0]);
  return { native: records(native.stdout)[0], board: records(board.stdout)[0] };
}

describe('the preload that stands in for a board', () => {
  it('makes loading sharp and onnxruntime-node fail, which load without it', async () => {
    for (const addon of ['sharp', 'onnxruntime-node']) {
      const script = ['--input-type=module', '-e', `await import('${addon}'); console.log('loaded')`];
      const blocked = await runNode(['--import', BLOCK_NATIVE_ADDONS], script);
      expect(blocked.code, addon).not.toBe(0);
      expect(blocked.stderr).toContain('native addon blocked');
      const free = await runNode([], script);
      expect([addon, free.code, free.stdout.trim()]).toEqual([addon, 0, 'loaded']);
    }
  });
});

describe('litecam explain without native addons', () => {
  it('loads the CLI without loading any addon (sharp and ONNX Runtime are imported on first use)', async () => {
    const r = await litecamWithoutAddons(['methods']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^gradcam\s/);
  });

  it('explains a generated scene like the normal run: same class, the map within 0.02, a figure written', async () => {
    const { native, board } = await explainBothWays(scene, 'scene');
    expect(native.runtime).toEqual({ tfjs: 'wasm', onnx: null, images: 'sharp' });
    expect(board.runtime).toEqual({ tfjs: 'wasm', onnx: null, images: 'js' });
    expect(board.predictions[0].class).toBe(native.predictions[0].class);
    expect(board.predictions[0].probability).toBeCloseTo(native.predictions[0].probability, 2);
    // PNG decoding is exact; only the resize to 64x64 differs (measured max 0.001 on the map).
    expect(maxAbsDiff(board.explanations[0].cam.data, native.explanations[0].cam.data)).toBeLessThan(0.02);
    const figure = board.explanations[0].figure as string;
    expect(existsSync(figure)).toBe(true);
    const [boardMeta, nativeMeta] = await Promise.all([sharp(figure).metadata(), sharp(native.explanations[0].figure as string).metadata()]);
    expect([boardMeta.format, boardMeta.width, boardMeta.height]).toEqual(['png', nativeMeta.width, nativeMeta.height]);
    expect(boardMeta.height).toBeGreaterThan(TITLE_ROW_HEIGHT + 200);
  });

  it.skipIf(!HAVE_SHARED || !existsSync(PHOTO))('explains a JPEG photo like the normal run: same class, the map within 0.1', async () => {
    const { native, board } = await explainBothWays(PHOTO, 'photo', ['--format', 'jpg']);
    expect(board.runtime.images).toBe('js');
    expect(board.predictions[0].class).toBe(native.predictions[0].class);
    expect(Math.abs(board.predictions[0].score - native.predictions[0].score)).toBeLessThan(0.5);
    expect(maxAbsDiff(board.explanations[0].cam.data, native.explanations[0].cam.data)).toBeLessThan(0.1);
    const meta = await sharp(board.explanations[0].figure as string).metadata();
    expect(meta.format).toBe('jpeg');
  });

  it('selects the same JavaScript codecs with --no-native when the addons could load', async () => {
    const r = await litecamWithAddons(['--no-native', 'explain', '--model', DEMO_MODEL, '--image', scene, '--json']);
    expect(r.stderr).toBe('');
    expect(records(r.stdout)[0].runtime).toEqual({ tfjs: 'wasm', onnx: null, images: 'js' });
  });

  it('names the missing codec in one line for a format only sharp reads', async () => {
    const webp = join(dir, 'scene.webp');
    await sharp(scene).webp().toFile(webp);
    const r = await litecamWithoutAddons(['explain', '--model', DEMO_MODEL, '--image', webp]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`litecam: cannot decode image ${webp}: WebP needs sharp (without native addons only JPEG and PNG are read)`]);
  });
});
