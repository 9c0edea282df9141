import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, type BackendName } from '../engines/tfjs/backend.js';
import type { ExplainableModel } from '../engines/types.js';
import { UsageError } from '../errors.js';
import { benchmarkItems } from '../evaluate/run/benchmark-items.js';
import { buildEvaluationReport, type EvaluationData } from '../evaluate/run/evaluation-report.js';
import type { ItemSource } from '../evaluate/run/evaluation-item.js';
import { folderItems } from '../evaluate/run/folder-items.js';
import { runEvaluation } from '../evaluate/run/run-evaluation.js';
import { parseEvaluationThresholds } from '../evaluate/run/thresholds.js';
import { iouOverviewTable } from '../evaluate/report/evaluation-tables.js';
import { evaluationReportHtml } from '../evaluate/report/report-html.js';
import { markdownTable } from '../evaluate/report/table.js';
import { methodNamed } from '../explainers/registry.js';
import { loadModel } from '../load.js';
import { DEMO_MODEL } from './demo-command.js';
import { createProgress } from './progress.js';

export interface EvaluateCommandOptions {
  model?: string;
  images?: string;
  masks?: string;
  scenes: number;
  conditions: string;
  methods: string;
  thresholds: string;
  seed: number;
  resamples: number;
  gallery: number;
  batchSize: number;
  out: string;
  backend: BackendName;
}

export async function evaluateCommand(o: EvaluateCommandOptions): Promise<void> {
  if ((o.images === undefined) !== (o.masks === undefined)) {
    throw new UsageError(`--images and --masks go together; got only ${o.images === undefined ? '--masks' : '--images'}`);
  }
  const methods = nonEmptyList(o.methods, 'methods');
  methods.forEach(methodNamed);
  const thresholds = parseEvaluationThresholds(o.thresholds);
  await initBackend(o.backend);
  const modelSource = o.model ?? DEMO_MODEL;
  const model = await loadModel(modelSource);
  const started = performance.now();
  try {
    const { source, data } = itemSource(o, model);
    const progress = createProgress(source.count, 'evaluating');
    let run;
    try {
      run = await runEvaluation(model, source, {
        methods,
        thresholds,
        batchSize: o.batchSize,
        seed: o.seed,
        galleryPerCondition: o.gallery,
        onProgress: progress.update,
      });
    } finally {
      progress.stop();
    }
    const report = buildEvaluationReport(run, { model: modelSource, data, methods, thresholds, bootstrap: { resamples: o.resamples, seed: o.seed } });
    mkdirSync(o.out, { recursive: true });
    const json = join(o.out, 'evaluation.json');
    const html = join(o.out, 'report.html');
    writeFileSync(json, JSON.stringify({ ...report, elapsedMs: performance.now() - started }, null, 2));
    writeFileSync(html, await evaluationReportHtml(report, run.gallery));
    const tables = methods.map((m) => markdownTable(iouOverviewTable(report.summary, m, thresholds.map((t) => t.name))));
    process.stdout.write(`litecam evaluate: ${source.count} images, mean IoU [95% CI] of the kept region with the object mask\n\n${tables.join('\n\n')}\n\nwrote ${json} and ${html}\n`);
  } finally {
    model.dispose();
  }
}

function itemSource(o: EvaluateCommandOptions, model: ExplainableModel): { source: ItemSource; data: EvaluationData } {
  if (o.images !== undefined && o.masks !== undefined) {
    const source = folderItems(o.images, o.masks, model.inputSpec);
    return { source, data: { kind: 'folder', images: o.images, masks: o.masks, count: source.count } };
  }
  const conditions = nonEmptyList(o.conditions, 'conditions');
  const source = benchmarkItems(model.inputSpec, { scenes: o.scenes, conditions, seed: o.seed });
  return { source, data: { kind: 'synthetic', scenes: o.scenes, conditions, seed: o.seed } };
}

function nonEmptyList(raw: string, what: string): string[] {
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`${what}: expected a comma-separated list of names, got '${raw}'`);
  return items;
}
