import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { expectUsageError, litecam, ROOT } from './helpers/cli.js';
import { tempDir, writeSmallConvModel, writeTestPng } from './helpers/fixtures.js';
import { HAVE_SHARED, MODELS } from './onnx-fixtures.js';

const RNN_MODEL = join(ROOT, 'models', 'rnn', 'model', 'model.json');

let dir: string;
let model: string;
let png: string;

beforeAll(async () => {
  await initBackend('cpu');
  dir = tempDir();
  model = await writeSmallConvModel(join(dir, 'model'));
  png = await writeTestPng(join(dir, 'disc.png'));
});

/** A 30 x 3 sequence as CSV with a header row: small waves, and a bump on feature 0 over steps 8-13. */
function writeSequenceCsv(path: string): string {
  const rows = ['a,b,c'];
  for (let t = 0; t < 30; t++) {
    const bump = t >= 8 && t < 14 ? 1.5 * Math.sin((Math.PI * (t - 8 + 0.5)) / 6) : 0;
    rows.push([bump + 0.3 * Math.sin(1.7 * t), 0.3 * Math.cos(2.3 * t), 0.3 * Math.sin(0.9 * t + 1)].map((v) => v.toFixed(4)).join(','));
  }
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

describe('litecam explain without --method: the universal explainer', () => {
  it('adds the architecture, its evidence, the kept regions and a confidence to an image record', async () => {
    const r = await litecam(['explain', '--model', model, '--image', png, '--json']);
    expect(r.stderr).toBe('');
    const rec = JSON.parse(r.stdout);
    expect(rec).toMatchObject({ method: 'gradcam', layer: 'conv_b', architecture: 'convolutional', adapter: 'cnn' });
    expect(rec.evidence).toBe("TF.js: 2 Conv2D layers, last spatial layer 'conv_b' 28x28 collapsed by GlobalAveragePooling2D 'gap'");
    const e = rec.explanations[0];
    expect(e.structure.kind).toBe('regions');
    expect(e.simplified.coverage).toBeGreaterThanOrEqual(0.05);
    expect(e.confidence.value).toBeGreaterThanOrEqual(0);
    expect(e.confidence.value).toBeLessThanOrEqual(1);
    expect(e.confidence.how).toMatch(/^Geometric mean of /);
    const named = JSON.parse((await litecam(['explain', '--model', model, '--image', png, '--json', '--method', 'gradcam'])).stdout);
    expect(named.architecture).toBeUndefined();
    expect(named.explanations[0].cam).toEqual(e.cam);
  });

  it('explains a sequence CSV with the recurrent model, as JSON and as an SVG with the kept intervals shaded', async () => {
    const csv = writeSequenceCsv(join(dir, 'series.csv'));
    const r = await litecam(['explain', '--model', RNN_MODEL, '--input', csv, '--json', '--out', join(dir, 'out-sequence')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec).toMatchObject({ architecture: 'recurrent', method: 'gradient-x-input', attribution: { topology: { kind: 'sequence', length: 30 } } });
    expect(rec.structure.kind).toBe('intervals');
    expect(rec.simplified.kept.length).toBeGreaterThanOrEqual(2);
    expect(rec.probability).toBeGreaterThan(0);
    const svg = readFileSync(rec.figure, 'utf8');
    expect(svg.match(/<rect class="interval"/g)?.length).toBe(rec.structure.count);
    expect(svg.match(/<polyline class="series"/g)).toHaveLength(3);
    const text = await litecam(['explain', '--model', RNN_MODEL, '--input', csv, '--method', 'occlusion']);
    expect(text.stdout).toMatch(/^.*series\.csv: recurrent \(TF\.js: layer LSTM 'lstm' \(16 units\) over \[30, 3\] sequences\)\n {2}occlusion explains output \d/);
    expect(text.stdout).toMatch(/\n {2}intervals: steps? [\d\u2013, ]+ keep \d+% of the mass in \d+% of 30 steps\n {2}confidence \d\.\d\d: /);
  });
});

// Each malformed file's message is checked in-process (universal-load.test.ts); these check the command's plumbing.
describe('bad universal inputs get one line and exit code 2', () => {
  it('a missing input file, and a CSV with a non-number in it', async () => {
    expectUsageError(await litecam(['explain', '--model', RNN_MODEL, '--input', join(dir, 'none.csv')]), /input not found/);
    writeFileSync(join(dir, 'bad.csv'), '1,2,3\n4,x,6\n');
    expectUsageError(await litecam(['explain', '--model', RNN_MODEL, '--input', join(dir, 'bad.csv')]), /bad\.csv: row 2, column 2: expected a finite number, got "x"/);
  });

  it('an input the detected model does not explain', async () => {
    expectUsageError(await litecam(['explain', '--model', RNN_MODEL, '--text', 'a good movie']), /is recurrent \(.*\); it explains sequence input, not text$/);
    const csv = writeSequenceCsv(join(dir, 'for-cnn.csv'));
    expectUsageError(await litecam(['explain', '--model', model, '--input', csv]), /is convolutional \(.*\); it explains image input, not sequence$/);
  });

  it('no input, or two kinds at once', async () => {
    expectUsageError(await litecam(['explain', '--model', model]), /nothing to explain: give --image, --input or --text/);
    expectUsageError(await litecam(['explain', '--model', model, '--image', png, '--text', 'hi']), /give one of --image, --input or --text, not --image and --text/);
  });
});

describe.skipIf(!HAVE_SHARED)('litecam layers names the family of a model that is not a CNN (needs ../shared)', () => {
  it('says a ViT ONNX file is a transformer, whose patch convolution is no Grad-CAM target worth having', async () => {
    const r = await litecam(['layers', '--model', join(MODELS, 'vit_tiny_random.onnx')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note: a transformer model \(ONNX graph: patch Conv 16x16/);
    const j = JSON.parse((await litecam(['layers', '--model', join(MODELS, 'vit_tiny_random.onnx'), '--json'])).stdout);
    expect(j.architecture).toBe('transformer');
  });

  it('adds no note for a CNN, and names its family in JSON', async () => {
    const r = await litecam(['layers', '--model', join(MODELS, 'mobilenetv2_imagenet.onnx')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/note:/);
    const j = JSON.parse((await litecam(['layers', '--model', join(MODELS, 'mobilenetv2_imagenet.onnx'), '--json'])).stdout);
    expect(j.architecture).toBe('convolutional');
  });
});
