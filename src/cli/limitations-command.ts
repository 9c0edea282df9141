import type { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, type BackendName } from '../engines/tfjs/backend.js';
import { limitationsCharts, limitationsHtml, limitationsMarkdown } from '../evaluate/limitations/limitations-report.js';
import { FAMILY_NAMES } from '../evaluate/limitations/families/index.js';
import { LIMITATIONS_DEFAULTS, resolveFamilies, runLimitations } from '../evaluate/limitations/run-limitations.js';
import { parseIntIn } from './options.js';
import { createProgress } from './progress.js';
import { runCommand } from './run-command.js';

export interface LimitationsCommandOptions {
  scenes: number;
  seed: number;
  families: string;
  out: string;
  backend: BackendName;
}

/** `litecam limitations`: what thresholds lose as they tighten, per model family; writes JSON, Markdown, SVG charts and HTML. */
export async function limitationsCommand(o: LimitationsCommandOptions): Promise<void> {
  const families = resolveFamilies(o.families.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  await initBackend(o.backend);
  const started = performance.now();
  let progress: { family: string; bar: ReturnType<typeof createProgress> } | undefined;
  const onCase = (family: string, done: number): void => {
    if (progress?.family !== family) {
      progress?.bar.stop();
      progress = { family, bar: createProgress(o.scenes, family) };
    }
    progress.bar.update(done);
  };
  let study;
  try {
    study = await runLimitations({ families, scenes: o.scenes, seed: o.seed, onCase });
  } finally {
    progress?.bar.stop();
  }
  const charts = await limitationsCharts(study);
  const markdown = limitationsMarkdown(study);
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, 'limitations.json'), JSON.stringify({ ...study, backend: o.backend, elapsedMs: performance.now() - started }, null, 2));
  writeFileSync(join(o.out, 'limitations.md'), markdown);
  writeFileSync(join(o.out, 'sweep.svg'), charts.sweep);
  writeFileSync(join(o.out, 'adaptive.svg'), charts.adaptive);
  writeFileSync(join(o.out, 'limitations.html'), limitationsHtml(study, charts));
  process.stdout.write(`${markdown}\nwrote limitations.json, limitations.md, sweep.svg, adaptive.svg and limitations.html in ${o.out}\n`);
}

/** Adds `litecam limitations` to the program; `backend` is the shared --backend option. */
export function registerLimitationsCommand(program: Command, backend: Option): void {
  program
    .command('limitations')
    .description('what thresholds lose as they tighten, per model family on planted ground truth, and the adaptive strategies compared')
    .option('--scenes <n>', 'inputs explained per family', parseIntIn(1, 100000, 'scenes'), LIMITATIONS_DEFAULTS.scenes)
    .option('--seed <n>', 'seed of the generated inputs', parseIntIn(0, 2 ** 31, 'seed'), LIMITATIONS_DEFAULTS.seed)
    .option('--families <names>', `comma-separated: ${FAMILY_NAMES.join(', ')} (families without a trained model are skipped with a note)`, FAMILY_NAMES.join(','))
    .option('--out <dir>', 'where to write limitations.json, limitations.md, the SVG charts and limitations.html', 'out/limitations')
    .addOption(backend)
    .action((opts: LimitationsCommandOptions) => runCommand(() => limitationsCommand(opts)));
}
