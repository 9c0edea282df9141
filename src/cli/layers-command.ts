import { initBackend, type BackendName } from '../engines/tfjs/backend.js';
import { loadModel } from '../load.js';

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
    if (o.json) {
      process.stdout.write(JSON.stringify({ model: model.source, engine: model.engine, default: chosen ?? null, layers }) + '\n');
      return;
    }
    const width = Math.max(4, ...layers.map((l) => l.name.length));
    process.stdout.write(`${model.source} (${model.engine}): ${layers.length} candidate layers\n`);
    for (const l of layers) {
      const mark = l.name === chosen ? '  <- default' : '';
      process.stdout.write(`  ${l.name.padEnd(width)}  ${l.shape.join('x').padEnd(14)} ${l.type}${mark}\n`);
    }
  } finally {
    model.dispose();
  }
}
