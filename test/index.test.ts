import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as litecam from '../src/index.js';
import { tempDir, writeSmallConvModel, writeTestPng } from './helpers/fixtures.js';

describe('the library entry point', () => {
  beforeAll(async () => {
    await litecam.initBackend('wasm');
  });

  it('lists every method family by name', () => {
    const names = [...litecam.METHODS.keys()];
    for (const n of ['gradcam', 'gradcam++', 'scorecam', 'lime', 'rise', 'occlusion', 'saliency', 'integrated-gradients']) expect(names).toContain(n);
    expect(litecam.methodNamed(litecam.DEFAULT_METHOD).family).toBe('cam');
  });

  it('loads a model and explains image files in one call', async () => {
    const dir = tempDir();
    const model = await litecam.loadModel(await writeSmallConvModel(join(dir, 'm')), { preprocess: 'unit' });
    const png = await writeTestPng(join(dir, 'x.png'));
    const [r] = await litecam.explainImages(model, [png], { threshold: { kind: 'dynamic' } });
    expect(r.method).toBe('gradcam');
    expect(r.explanations[0].threshold.kind).toBe('dynamic');
    expect(litecam.metrics.sparseness(r.explanations[0].attribution.values)).toBeGreaterThanOrEqual(0);
    model.dispose();
  });
});
