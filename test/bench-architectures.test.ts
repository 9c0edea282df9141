import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { tempDir } from './helpers/fixtures.js';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('bench:architectures', () => {
  it('runs its smallest configuration and saves one row per arm with ratio and memory (numbers not checked)', () => {
    const out = join(tempDir('litecam-bench-arch-'), 'architectures.json');
    const r = spawnSync(TSX, ['scripts/bench-architectures.ts', '--only', 'gru', '--runs', '1', '--steps', '5', '--hidden', '4', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\| gru \| 5 steps x 8 features, 4 hidden \| gradient-x-input \|/);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.benchmark).toBe('architectures');
    expect(saved.skipped).toEqual([{ name: 'swin', reason: 'no Swin-like windowed transformer in the zoo' }]);
    expect(saved.results).toHaveLength(1);
    const [gru] = saved.results;
    expect(gru.rows.map((row: { arm: string }) => row.arm)).toEqual(['forward', 'gradient-x-input']);
    expect(gru.rows[0].ratio).toBe(1);
    expect(gru.rows[0].cpuRatio).toBe(1);
    for (const row of gru.rows) {
      for (const key of ['medianMs', 'madMs', 'ratio', 'medianCpuMs', 'cpuRatio', 'peakTensorBytes', 'leakedTensorBytes', 'coldHeapDeltaBytes', 'coldRssDeltaBytes']) expect(Number.isFinite(row[key])).toBe(true);
      expect(row.leakedTensorBytes).toBe(0);
    }
  });

  it('names the architectures when asked for one it does not have', () => {
    const r = spawnSync(TSX, ['scripts/bench-architectures.ts', '--only', 'swin'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^unknown architecture swin; architectures are: vit-tiny, vit-base, bert-base/);
  });
});
