import { initBackend, type BackendName } from '../engines/tfjs/backend.js';
import { loadModel } from '../load.js';
import { detectArchitecture } from '../universal/detect.js';

export async function layersCommand(o: { model: string; json?: boolean; backend: BackendName; size?: number }): Promise<void> {
  await initBackend(o.backend);
  const model = await loadModel(o.model, { inputSize: o.size });
  try {
    const layers = model.layers();
    let chosen: string | undefined;
    try {
      chosen = model.defaultLayer().name;
    } catch {
      chosen = undefined; // listing still works for a model with no spatial layer
    }
    const family = architectureNote(model);
    if (o.json) {
      process.stdout.write(JSON.stringify({ model: model.source, engine: model.engine, default: chosen ?? null, layers, ...family }) + '\n');
      return;
    }
    const width = Math.max(4, ...layers.map((l) => l.name.length));
    process.stdout.write(`${model.source} (${model.engine}): ${layers.length} candidate layers\n`);
    for (const l of layers) {
      const mark = l.name === chosen ? '  <- default' : '';
      process.stdout.write(`  ${l.name.padEnd(width)}  ${l.shape.join('x').padEnd(14)} ${l.type}${mark}\n`);
    }
    if (family.architecture && family.architecture !== 'convolutional') {
      // A ViT's patch-embedding convolution is a 4-D candidate too, but Grad-CAM there says little about the model.
      process.stdout.write(`note: a ${family.architecture} model (${family.evidence}); \`litecam explain\` without --method uses its own method\n`);
    }
  } finally {
    model.dispose();
  }
}

/** The detected family, for the listing; an image model the universal explainer cannot classify gets none. */
function architectureNote(model: unknown): { architecture?: string; evidence?: string } {
  try {
    const d = detectArchitecture(model);
    return { architecture: d.architecture, evidence: d.evidence };
  } catch {
    return {};
  }
}
