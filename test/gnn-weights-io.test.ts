import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { buildGraphNetwork, GRAPH_NETWORK_MANIFEST, loadGraphNetwork, saveGraphNetwork, type GraphData } from '../src/zoo/gnn/index.js';
import { tempDir } from './helpers/fixtures.js';

const GRAPH: GraphData = {
  nodes: 5,
  featureSize: 4,
  features: Float32Array.from({ length: 20 }, (_, i) => Math.cos(i)),
  edges: [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0], [1, 3]],
};

const CONFIG = { task: 'node' as const, featureSize: 4, numClasses: 3, layers: [{ kind: 'gcn' as const, units: 6 }, { kind: 'gat' as const, units: 3, heads: 2 }] };

let saved: string;

beforeAll(async () => {
  await initBackend('wasm');
  const model = buildGraphNetwork({ ...CONFIG, seed: 9 });
  saved = tempDir('litecam-gnn-');
  await saveGraphNetwork(model, saved);
  model.dispose();
});

/** A copy of the saved directory with the manifest (as JSON) and the weights (as bytes) changed. */
function corrupted(change: { manifest?: (m: Record<string, unknown>) => unknown; weights?: (b: Buffer) => Buffer }): string {
  const dir = tempDir('litecam-gnn-bad-');
  const manifest = JSON.parse(readFileSync(join(saved, GRAPH_NETWORK_MANIFEST), 'utf8')) as Record<string, unknown>;
  const weights = readFileSync(join(saved, 'weights.bin'));
  const m = change.manifest ? change.manifest(manifest) : manifest;
  writeFileSync(join(dir, GRAPH_NETWORK_MANIFEST), typeof m === 'string' ? m : JSON.stringify(m));
  writeFileSync(join(dir, 'weights.bin'), change.weights ? change.weights(weights) : weights);
  return dir;
}

describe('graph network files', () => {
  it('load back to the same predictions, from the directory or the manifest path', async () => {
    const original = buildGraphNetwork({ ...CONFIG, seed: 9 });
    const expected = await original.predict(GRAPH).data();
    for (const path of [saved, join(saved, GRAPH_NETWORK_MANIFEST)]) {
      const loaded = await loadGraphNetwork(path);
      expect(loaded.layerKinds).toEqual(['gcn', 'gat']);
      expect(loaded.task).toBe('node');
      expect(Array.from(await loaded.predict(GRAPH).data())).toEqual(Array.from(expected));
      loaded.dispose();
    }
    original.dispose();
  });

  it('name every weight with its shape in the manifest, and hold exactly those float32s', () => {
    const manifest = JSON.parse(readFileSync(join(saved, GRAPH_NETWORK_MANIFEST), 'utf8')) as { weights: Array<{ name: string; shape: number[] }> };
    expect(manifest.weights.map((w) => `${w.name}:${w.shape.join('x')}`)).toEqual([
      'layer0/kernel:4x6',
      'layer0/bias:6',
      'layer1/kernel:6x6',
      'layer1/attention_self:2x3',
      'layer1/attention_neighbour:2x3',
      'layer1/bias:3',
      'head/kernel:3x3',
      'head/bias:3',
    ]);
    expect(readFileSync(join(saved, 'weights.bin')).length).toBe(4 * (24 + 6 + 36 + 6 + 6 + 3 + 9 + 3));
  });

  const malformed: Array<[string, () => string, RegExp]> = [
    ['a directory without a manifest', () => tempDir('litecam-gnn-empty-'), /cannot read .*graph-network\.json: ENOENT/],
    ['a manifest that is not JSON', () => corrupted({ manifest: () => '{"format": ' }), /not valid JSON/],
    ['another format', () => corrupted({ manifest: (m) => ({ ...m, format: 'keras' }) }), /not a graph network manifest/],
    ['a newer version', () => corrupted({ manifest: (m) => ({ ...m, version: 2 }) }), /unsupported version 2/],
    ['an unknown layer kind', () => corrupted({ manifest: (m) => ({ ...m, layers: [{ kind: 'sage', units: 6 }] }) }), /layers\[0\]\.kind must be one of gcn, gat; got "sage"/],
    ['a weight of the wrong shape', () => corrupted({ manifest: (m) => ({ ...m, featureSize: 5 }) }), /weight 0 must be 'layer0\/kernel' of shape 5x6; got "layer0\/kernel" of shape 4x6/],
    ['a weights file outside the directory', () => corrupted({ manifest: (m) => ({ ...m, weightsFile: '../weights.bin' }) }), /weightsFile must be a file name next to the manifest/],
    ['a truncated weights file', () => corrupted({ weights: (b) => b.subarray(0, b.length - 4) }), /expected 93 float32 weights \(372 bytes\).*got 368 bytes/],
    ['a NaN weight', () => corrupted({ weights: (b) => (b.writeFloatLE(NaN, 8), b) }), /weight value 2 is not finite/],
    ['a missing weights file', () => {
      const dir = tempDir('litecam-gnn-nobin-');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, GRAPH_NETWORK_MANIFEST), readFileSync(join(saved, GRAPH_NETWORK_MANIFEST)));
      return dir;
    }, /cannot read .*weights\.bin: ENOENT/],
  ];

  it.each(malformed)('reject %s with a one-line usage error', async (_, make, message) => {
    const dir = make();
    const error = await loadGraphNetwork(dir).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
