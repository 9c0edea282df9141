import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ThresholdSpec } from '../attribution/threshold/apply.js';
import type { BackendName } from '../engines/tfjs/backend.js';
import { initBackend } from '../engines/tfjs/backend.js';
import { explain, type ImageExplanation, type Smoothing } from '../explain.js';
import type { FusionMode } from '../explainers/cam/fusion.js';
import { listImages } from '../image/decode.js';
import { prepareImage, type PreparedImage } from '../image/prepare.js';
import { loadModel } from '../load.js';
import { writeFourPanel } from '../render/figure.js';
import { toJsonRecord } from './json.js';
import { createProgress } from './progress.js';
import type { PreprocessSpec } from '../engines/types.js';
import type { PreprocessOption } from '../image/preprocess.js';

export interface ExplainCommandOptions {
  model: string;
  image: string[];
  method: string;
  seed: number;
  /** One layer, or several separated by commas to fuse. */
  layer?: string;
  fusion: FusionMode;
  smooth?: Smoothing;
  class?: number[];
  topK?: number;
  score: 'logit' | 'probability';
  threshold: ThresholdSpec;
  colormap: string;
  alpha: number;
  out?: string;
  json?: boolean;
  backend: BackendName;
  preprocess?: string;
  mean?: number[];
  std?: number[];
  size?: number;
  resize?: 'fill' | 'crop';
  labels?: string;
  runtime?: 'ort' | 'tfjs';
  batchSize: number;
  format: 'png' | 'jpg';
}

export async function explainCommand(o: ExplainCommandOptions): Promise<void> {
  await initBackend(o.backend);
  const files = o.image.flatMap((p) => listImages(p));
  const model = await loadModel(o.model, {
    preprocess: preprocessOverrides(o),
    labels: o.labels,
    inputSize: o.size,
    runtime: o.runtime,
  });
  if (o.out) mkdirSync(o.out, { recursive: true });
  const progress = createProgress(files.length, 'explaining');
  try {
    for (let start = 0; start < files.length; start += o.batchSize) {
      const chunk: PreparedImage[] = [];
      for (const file of files.slice(start, start + o.batchSize)) chunk.push(await prepareImage(file, model.inputSpec));
      const results = await explain(model, chunk.map((c) => c.input), {
        method: o.method,
        seed: o.seed,
        ...layerOptions(o.layer),
        fusion: o.fusion,
        smooth: o.smooth,
        classes: o.class,
        topK: o.topK,
        score: o.score,
        threshold: o.threshold,
        batchSize: o.batchSize,
      });
      for (let i = 0; i < results.length; i++) {
        const written = o.out ? await writeFigures(results[i], chunk[i], o) : [];
        if (o.json) process.stdout.write(JSON.stringify(toJsonRecord(results[i], written)) + '\n');
        else printSummary(results[i], written);
      }
      progress.update(Math.min(start + o.batchSize, files.length));
    }
  } finally {
    progress.stop();
    model.dispose();
  }
}

/** `--layer a` names one layer; `--layer a,b` several, whose maps are fused. */
function layerOptions(raw: string | undefined): { layer?: string; layers?: string[] } {
  const names = raw?.split(',').map((s) => s.trim());
  if (names === undefined || names.length === 1) return { layer: names?.[0] };
  return { layers: names };
}

function preprocessOverrides(o: ExplainCommandOptions): PreprocessOption | undefined {
  const explicit: Partial<PreprocessSpec> = {
    ...(o.mean ? { mean: o.mean as PreprocessSpec['mean'] } : {}),
    ...(o.std ? { std: o.std as PreprocessSpec['std'] } : {}),
    ...(o.resize ? { resize: o.resize } : {}),
  };
  if (o.preprocess && Object.keys(explicit).length === 0) return o.preprocess;
  if (Object.keys(explicit).length === 0) return undefined;
  return { ...(o.preprocess ? { preset: o.preprocess } : {}), ...explicit };
}

async function writeFigures(r: ImageExplanation, image: PreparedImage, o: ExplainCommandOptions): Promise<string[]> {
  const stem = basename(r.image, extname(r.image));
  const paths: string[] = [];
  for (const e of r.explanations) {
    const path = join(o.out as string, `${stem}.class${e.class}.${o.format}`);
    await writeFourPanel(path, image, e, { colormap: o.colormap, alpha: o.alpha, method: r.method === 'gradcam' ? 'Grad-CAM' : r.method });
    paths.push(path);
  }
  return paths;
}

function printSummary(r: ImageExplanation, written: string[]): void {
  const top = r.predictions[0];
  const name = top.label ? ` (${top.label})` : '';
  const lines = [`${r.image}: class ${top.class}${name} p=${top.probability.toFixed(3)} layer ${r.layer}`];
  for (const e of r.explanations) {
    const t = e.threshold;
    lines.push(
      `  class ${e.class}: ${t.kind}${t.value === null ? '' : ` ${t.value}`} keeps ${(t.coverage * 100).toFixed(1)}% of pixels, ` +
        `${(t.energy * 100).toFixed(1)}% of energy; ${e.timings.totalMs.toFixed(1)} ms${e.allZero ? ' [all-zero map]' : ''}`,
    );
  }
  for (const p of written) lines.push(`  wrote ${p}`);
  process.stdout.write(lines.join('\n') + '\n');
}
