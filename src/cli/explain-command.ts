import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ThresholdSpec } from '../attribution/threshold/apply.js';
import type { BackendName } from '../engines/tfjs/backend.js';
import { initBackend } from '../engines/tfjs/backend.js';
import { DEFAULTS, explain, type Explanation, type ImageExplanation, type Smoothing } from '../explain.js';
import type { FusionMode } from '../explainers/cam/fusion.js';
import { listImages } from '../image/decode.js';
import { prepareImage, type PreparedImage } from '../image/prepare.js';
import { IMAGENET_PREPROCESS } from '../image/preprocess.js';
import { loadModel, type LoadOptions } from '../load.js';
import { writeFourPanel } from '../render/figure.js';
import { explanationPlotData, graphSvg } from '../render/graph-svg.js';
import { sequenceSvg } from '../render/sequence-svg.js';
import { tokenHtmlPage } from '../render/token-html.js';
import { tokenTerminal } from '../render/token-terminal.js';
import { UsageError } from '../errors.js';
import { explainableOf } from '../universal/adapters/cnn.js';
import { detectArchitecture, type Detection } from '../universal/detect.js';
import { explainUniversal, finishExplanation, requireInputKind } from '../universal/explain-universal.js';
import { disposeModel, loadAnyModel } from '../universal/load-universal.js';
import { readUniversalInput, textInput } from '../universal/read-input.js';
import { universalFields, universalRecord } from '../universal/record.js';
import type { UniversalExplanation, UniversalInput } from '../universal/types.js';
import { toJsonRecord } from './json.js';
import { createProgress } from './progress.js';
import type { ExplainableModel, InputSpec, PreprocessSpec } from '../engines/types.js';
import type { PreprocessOption } from '../image/preprocess.js';

export interface ExplainCommandOptions {
  model: string;
  image?: string[];
  /** A non-image input file: a sequence (.csv or .json), text (.txt) or a graph (.json). */
  input?: string;
  /** Text to explain, instead of an input file. */
  text?: string;
  /** Without a method the architecture is detected and the universal explainer's fields are added. */
  method?: string;
  /** The universal explainer's coverage floor. */
  minCoverage?: number;
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
  const given = [o.image && '--image', o.input !== undefined && '--input', o.text !== undefined && '--text'].filter(Boolean);
  if (given.length !== 1) {
    throw new UsageError(given.length === 0 ? 'nothing to explain: give --image, --input or --text' : `give one of --image, --input or --text, not ${given.join(' and ')}`);
  }
  if (!o.image) return explainInput(o);
  const files = o.image.flatMap((p) => listImages(p));
  if (o.method !== undefined) {
    const model = await loadModel(o.model, loadOptions(o));
    try {
      await explainImageFiles(model, files, o);
    } finally {
      model.dispose();
    }
    return;
  }
  const model = await loadAnyModel(o.model, loadOptions(o));
  try {
    let detection: Detection;
    try {
      detection = detectArchitecture(model);
    } catch (e) {
      // An image model no adapter recognises still runs the image pipeline, which names what it lacks.
      const image = explainableOf(model);
      if (!(e instanceof UsageError) || !image) throw e;
      return await explainImageFiles(image, files, o);
    }
    requireInputKind(model, detection, 'image');
    const cnn = detection.architecture === 'convolutional' ? explainableOf(model) : undefined;
    if (cnn) await explainImageFiles(cnn, files, o, detection);
    else await explainImagesUniversally(model, detection, files, o);
  } finally {
    disposeModel(model);
  }
}

function loadOptions(o: ExplainCommandOptions): LoadOptions {
  return { preprocess: preprocessOverrides(o), labels: o.labels, inputSize: o.size, runtime: o.runtime };
}

/** The image pipeline over files in batches; with a detection, each record also carries the universal explainer's fields. */
async function explainImageFiles(model: ExplainableModel, files: string[], o: ExplainCommandOptions, detection?: Detection): Promise<void> {
  if (o.out) mkdirSync(o.out, { recursive: true });
  const progress = createProgress(files.length, 'explaining');
  try {
    for (let start = 0; start < files.length; start += o.batchSize) {
      const chunk: PreparedImage[] = [];
      for (const file of files.slice(start, start + o.batchSize)) chunk.push(await prepareImage(file, model.inputSpec));
      const results = await explain(model, chunk.map((c) => c.input), {
        method: o.method ?? DEFAULTS.method,
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
        const universal = detection ? results[i].explanations.map((e) => universalOf(detection, results[i], e, o)) : undefined;
        if (o.json) process.stdout.write(JSON.stringify(withUniversal(toJsonRecord(results[i], written), detection, universal)) + '\n');
        else printSummary(results[i], written, detection, universal);
      }
      progress.update(Math.min(start + o.batchSize, files.length));
    }
  } finally {
    progress.stop();
  }
}

/** The universal explainer's view of one pipeline explanation: simplified by topology, with its confidence. */
function universalOf(detection: Detection, r: ImageExplanation, e: Explanation, o: ExplainCommandOptions): UniversalExplanation {
  const runnerUp = r.predictions.find((p) => p.class !== e.class);
  return finishExplanation(
    detection,
    { method: r.method, target: e.class, score: e.score, probability: e.probability, runnerUpProbability: runnerUp?.probability ?? 0, attribution: e.attribution, explainMs: e.timings.totalMs },
    { minCoverage: o.minCoverage },
  );
}

function withUniversal(record: ReturnType<typeof toJsonRecord>, detection: Detection | undefined, universal: UniversalExplanation[] | undefined) {
  if (!detection || !universal) return record;
  return {
    ...record,
    architecture: detection.architecture,
    adapter: detection.adapter.name,
    evidence: detection.evidence,
    explanations: record.explanations.map((e, i) => ({ ...e, ...universalFields(universal[i]) })),
  };
}

/** Image models of other families (a ViT): one universal explanation per image. */
async function explainImagesUniversally(model: unknown, detection: Detection, files: string[], o: ExplainCommandOptions): Promise<void> {
  if (o.out) mkdirSync(o.out, { recursive: true });
  const spec = imageSpecOf(model);
  for (const file of files) {
    const prepared = await prepareImage(file, spec);
    const r = await explainUniversal(model, { kind: 'image', data: prepared.input.data, source: file }, universalOptions(o, detection));
    const written: string[] = [];
    if (o.out) {
      const path = join(o.out, `${basename(file, extname(file))}.class${r.target}.${o.format}`);
      await writeFourPanel(path, prepared, { class: r.target, label: labelOf(model, r.target), probability: r.probability, attribution: r.attribution, threshold: r.simplified }, { colormap: o.colormap, alpha: o.alpha, method: r.method });
      written.push(path);
    }
    report(r, file, model, o, written);
  }
}

/** A sequence, text or graph from --input or --text, through the universal explainer. */
async function explainInput(o: ExplainCommandOptions): Promise<void> {
  const source = o.text !== undefined ? '--text' : (o.input as string);
  const input = o.text !== undefined ? textInput(o.text, '--text') : readUniversalInput(o.input as string);
  const model = await loadAnyModel(o.model, loadOptions(o));
  try {
    const detection = detectArchitecture(model);
    requireInputKind(model, detection, input.kind);
    const r = await explainUniversal(model, input, universalOptions(o, detection));
    const written = o.out ? writeUniversalFigure(r, input, source, o) : [];
    report(r, source, model, o, written);
  } finally {
    disposeModel(model);
  }
}

function universalOptions(o: ExplainCommandOptions, detection: Detection) {
  if (o.class && o.class.length > 1) throw new UsageError(`give one output index with --class for ${detection.architecture} models; got ${o.class.join(', ')}`);
  return { adapters: [detection.adapter], method: o.method, target: o.class?.[0], seed: o.seed, minCoverage: o.minCoverage };
}

/**
 * A sequence is drawn as a line plot with the kept intervals shaded (SVG), tokens as highlighted text (HTML)
 * with the kept ones outlined, a graph as a node-link diagram (SVG) with the kept subgraph outlined.
 */
function writeUniversalFigure(r: UniversalExplanation, input: UniversalInput, source: string, o: ExplainCommandOptions): string[] {
  const out = o.out as string;
  const stem = source === '--text' ? 'text' : basename(source, extname(source));
  const topology = r.attribution.topology;
  if (topology.kind === 'graph') {
    mkdirSync(out, { recursive: true });
    const path = join(out, `${stem}.${r.method}.svg`);
    const kept = r.kept ?? new Uint8Array(topology.nodes);
    const edgeImportance = r.context?.edgeImportance ?? new Float32Array(topology.edges.length);
    const plot = explanationPlotData(
      { attribution: r.attribution, edgeImportance, anchor: r.context?.anchor },
      { nodes: kept, edges: topology.edges.map(([a, b]) => kept[a] & kept[b]) },
    );
    writeFileSync(path, graphSvg(plot, { title: `${r.method}: output ${r.target}; ${r.structure.description}`, colormap: o.colormap }));
    return [path];
  }
  const tokens = r.context?.labels;
  if (tokens && r.attribution.topology.kind === 'sequence') {
    mkdirSync(out, { recursive: true });
    const path = join(out, `${stem}.${r.method}.html`);
    const title = `${r.method}: output ${r.target}; ${r.structure.description}`;
    writeFileSync(path, tokenHtmlPage(tokens, r.attribution.values, { kept: r.kept, title, colormap: o.colormap }));
    return [path];
  }
  if (input.kind !== 'sequence') return [];
  mkdirSync(out, { recursive: true });
  const path = join(out, `${stem}.${r.method}.svg`);
  // The plot shades what the structure kept, including zero-valued steps inside a closed gap.
  const shaded = { ...r.simplified, values: Float32Array.from(r.kept ?? r.simplified.values, (v) => (v > 0 ? 1 : 0)) };
  const title = `${r.method}: ${r.architecture}, output ${r.target}; ${r.structure.description}`;
  writeFileSync(path, sequenceSvg({ series: input.values, steps: input.steps, features: input.features, threshold: shaded }, { title }));
  return [path];
}

function report(r: UniversalExplanation, source: string, model: unknown, o: ExplainCommandOptions, written: string[]): void {
  const label = labelOf(model, r.target);
  if (o.json) {
    const record = universalRecord(r, source, o.model, label);
    process.stdout.write(JSON.stringify(written.length > 0 ? { ...record, figure: written[0] } : record) + '\n');
    return;
  }
  const p = r.probability === undefined ? '' : ` p=${r.probability.toFixed(3)}`;
  const lines = [
    `${source}: ${r.architecture} (${r.evidence})`,
    `  ${r.method} explains output ${r.target}${label ? ` (${label})` : ''}${p}; ${r.timings.totalMs.toFixed(1)} ms`,
    `  ${r.structure.kind}: ${r.structure.description}`,
    `  confidence ${r.confidence.value.toFixed(2)}: ${r.confidence.how}`,
  ];
  const tokens = r.context?.labels;
  if (tokens && r.attribution.topology.kind === 'sequence') lines.push(`  ${tokenTerminal(tokens, r.attribution.values, { kept: r.kept, colormap: o.colormap })}`);
  for (const path of written) lines.push(`  wrote ${path}`);
  process.stdout.write(lines.join('\n') + '\n');
}

/** Class names, wherever the loaded model keeps them. */
function labelOf(model: unknown, target: number): string | undefined {
  const labels = (model as { labels?: readonly string[] } | null)?.labels;
  return labels?.[target];
}

/** How to prepare images for a model that is not an ExplainableModel (the zoo ViT): its config's side, its own preprocessing. */
function imageSpecOf(model: unknown): InputSpec {
  const m = model as { inputSpec?: InputSpec; config?: { inputSize?: number }; preprocess?: PreprocessSpec };
  const explainable = explainableOf(model);
  if (explainable) return explainable.inputSpec;
  const side = m.config?.inputSize;
  if (!side) throw new UsageError('this model does not say what image size it takes');
  return { height: side, width: side, channels: 3, layout: 'NHWC', preprocess: m.preprocess ?? IMAGENET_PREPROCESS };
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

function printSummary(r: ImageExplanation, written: string[], detection?: Detection, universal?: UniversalExplanation[]): void {
  const top = r.predictions[0];
  const name = top.label ? ` (${top.label})` : '';
  const lines = [`${r.image}: class ${top.class}${name} p=${top.probability.toFixed(3)} layer ${r.layer}`];
  if (detection) lines.push(`  ${detection.architecture} (${detection.evidence})`);
  r.explanations.forEach((e, i) => {
    const t = e.threshold;
    lines.push(
      `  class ${e.class}: ${t.kind}${t.value === null ? '' : ` ${t.value}`} keeps ${(t.coverage * 100).toFixed(1)}% of pixels, ` +
        `${(t.energy * 100).toFixed(1)}% of energy; ${e.timings.totalMs.toFixed(1)} ms${e.allZero ? ' [all-zero map]' : ''}`,
    );
    const u = universal?.[i];
    if (u) lines.push(`    ${u.structure.kind}: ${u.structure.description}; confidence ${u.confidence.value.toFixed(2)}`);
  });
  for (const p of written) lines.push(`  wrote ${p}`);
  process.stdout.write(lines.join('\n') + '\n');
}
