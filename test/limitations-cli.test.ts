import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUsageError, litecam } from './helpers/cli.js';
import { tempDir } from './helpers/fixtures.js';

const FIGURES = ['coverage', 'energy', 'fragments', 'precision', 'recall', 'scoreDrop'];

interface Summary {
  strategy: string;
  group: string;
  coverage: number;
  energy: number;
  recall: number;
  precision: number;
  scoreDrop: number;
  fragments: number;
}

describe('litecam limitations', () => {
  let out: string;
  let result: { code: number | null; stdout: string; stderr: string };
  let study: {
    seed: number;
    scenes: number;
    sweepPercents: number[];
    families: Array<{ family: string; status: string; note?: string; cases?: number; strategies?: Summary[]; records?: Array<{ figures: unknown[] }>; hybridRules?: Record<string, number> }>;
  };

  beforeAll(async () => {
    out = join(tempDir('litecam-limitations-'), 'out');
    result = await litecam(['limitations', '--scenes', '3', '--seed', '7', '--families', 'rnn,cnn,graph', '--out', out]);
    study = JSON.parse(readFileSync(join(out, 'limitations.json'), 'utf8'));
  }, 120_000);

  it('runs the chosen families end to end and writes JSON, Markdown, two SVG charts and an HTML page', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const file of ['limitations.json', 'limitations.md', 'sweep.svg', 'adaptive.svg', 'limitations.html']) expect(existsSync(join(out, file))).toBe(true);
    expect(readFileSync(join(out, 'sweep.svg'), 'utf8')).toMatch(/^<svg[\s\S]*energy kept[\s\S]*<\/svg>$/);
    const html = readFileSync(join(out, 'limitations.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('<table>');
    expect(html).not.toContain('<script');
    expect(result.stdout).toMatch(/\| top 10% \| \d+\.\d% \|/);
    expect(readFileSync(join(out, 'limitations.md'), 'utf8')).toContain('### rnn');
  });

  it('lists the families in report order, with a note for one that has no trained model', () => {
    expect(study.seed).toBe(7);
    expect(study.scenes).toBe(3);
    expect(study.families.map((f) => f.family)).toEqual(['cnn', 'rnn', 'graph']);
    const graph = study.families[2];
    if (graph.status === 'skipped') expect(graph.note).toMatch(/models\/gnn/);
    else expect(graph.status).toBe('ok');
  });

  it('scores every sweep percent and every adaptive strategy, each figure finite and in range', () => {
    for (const f of study.families.filter((x) => x.status === 'ok')) {
      expect(f.cases).toBe(3);
      expect(f.records).toHaveLength(3);
      const names = f.strategies!.map((s) => s.strategy);
      expect(names).toEqual([...study.sweepPercents.map((p) => `${p}%`), 'dynamic', 'multilevel', 'otsu', 'confidence', 'hybrid', 'structured']);
      for (const s of f.strategies!) {
        expect(Object.keys(s).filter((k) => FIGURES.includes(k)).sort()).toEqual(FIGURES);
        for (const k of ['coverage', 'energy', 'recall', 'precision']) {
          const v = s[k as keyof Summary] as number;
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(Math.abs(s.scoreDrop)).toBeLessThanOrEqual(1);
        expect(s.fragments).toBeGreaterThanOrEqual(1);
      }
      const decided = Object.values(f.hybridRules!).reduce((a, b) => a + b, 0);
      expect(decided).toBe(3);
    }
  });

  it('keeps less energy and coverage, and no more recall, as the threshold tightens', () => {
    for (const f of study.families.filter((x) => x.status === 'ok')) {
      const sweep = f.strategies!.filter((s) => s.group === 'sweep');
      expect(sweep).toHaveLength(7);
      for (let k = 1; k < sweep.length; k++) {
        // Top-P% kept sets are nested, so every input's figures fall, and so do their means.
        expect(sweep[k].energy).toBeLessThanOrEqual(sweep[k - 1].energy + 1e-12);
        expect(sweep[k].coverage).toBeLessThanOrEqual(sweep[k - 1].coverage + 1e-12);
        expect(sweep[k].recall).toBeLessThanOrEqual(sweep[k - 1].recall + 1e-12);
      }
      expect(sweep[0].energy).toBeGreaterThan(sweep[6].energy);
    }
  });

  it('rejects an unknown family with one line and exit code 2', async () => {
    expectUsageError(await litecam(['limitations', '--families', 'cnn,transformers', '--out', join(out, 'bad')]), /unknown family 'transformers'; families are: cnn, vit, rnn, text, graph/);
  });

  it.each([
    [['--scenes', '0'], /scenes must be an integer in 1\.\.100000, got '0'/],
    [['--seed', '-1'], /seed must be an integer/],
    [['--families', ','], /families: expected a comma-separated list/],
    [['--backend', 'gpu'], /argument 'gpu' is invalid/],
  ])('rejects %j with one line and exit code 2', async (args, pattern) => {
    expectUsageError(await litecam(['limitations', ...args, '--out', join(out, 'bad')]), pattern);
  });
});
