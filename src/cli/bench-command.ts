import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../engines/tfjs/backend.js';
import { UsageError } from '../errors.js';
import { BENCH_ENGINES, BENCH_MODELS, parseNameList } from '../evaluate/bench/bench-models.js';
import { benchReportHtml } from '../evaluate/bench/bench-html.js';
import { claimsTable, methodsTable, speedTable } from '../evaluate/bench/bench-tables.js';
import { BENCH_PRESETS, PRESET_NAMES, type PresetName } from '../evaluate/bench/presets.js';
import { runBench } from '../evaluate/bench/run-bench.js';
import { markdownTable } from '../evaluate/report/table.js';
import { DEMO_MODEL } from './demo-command.js';
import { createProgress } from './progress.js';

export interface BenchCommandOptions {
  preset: string;
  models?: string;
  engines: string;
  runs?: number;
  size: number;
  onnxDir: string;
  out: string;
}

export async function benchCommand(o: BenchCommandOptions): Promise<void> {
  if (!PRESET_NAMES.includes(o.preset as PresetName)) throw new UsageError(`preset must be one of ${PRESET_NAMES.join(', ')}, got '${o.preset}'`);
  const preset = o.preset as PresetName;
  const base = BENCH_PRESETS[preset];
  const models = parseNameList(o.models ?? base.models.join(','), BENCH_MODELS, 'models');
  const engines = parseNameList(o.engines, BENCH_ENGINES, 'engines');
  const settings = o.runs === undefined ? base : { ...base, runs: o.runs, methodRuns: Math.min(base.methodRuns, o.runs), tidyRuns: Math.max(o.runs, 2) };
  await initBackend('wasm');
  const report = await runBench({
    preset,
    settings,
    models,
    engines,
    size: o.size,
    onnxDir: o.onnxDir,
    tidyModel: DEMO_MODEL,
    progress: (label, total) => createProgress(total, label),
    onNote: (note) => process.stderr.write(`litecam bench: ${note}\n`),
  });
  mkdirSync(o.out, { recursive: true });
  const json = join(o.out, 'bench.json');
  const html = join(o.out, 'report.html');
  writeFileSync(json, JSON.stringify(report, null, 2));
  writeFileSync(html, await benchReportHtml(report));
  const tables = [speedTable(report), methodsTable(report), claimsTable(report.claims)].map(markdownTable);
  process.stdout.write(`litecam bench (${preset}): ${(report.elapsedMs / 1000).toFixed(0)} s\n\n${tables.join('\n\n')}\n\nwrote ${json} and ${html}\n`);
}
