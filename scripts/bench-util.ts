import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import os from 'node:os';
import { timeInterleaved } from '../src/evaluate/bench/timing.js';

export { mad, median } from '../src/evaluate/bench/timing.js';

/** Interleaves the timing of two functions so drifting machine load hits both alike. */
export async function timePaired(a: () => Promise<unknown>, b: () => Promise<unknown>, runs: number, warmup = 2): Promise<[number[], number[]]> {
  const [ta, tb] = await timeInterleaved([a, b], runs, warmup);
  return [ta, tb];
}

export function machine() {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, date: new Date().toISOString() };
}

export function saveJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
  console.log(`saved ${path}`);
}
