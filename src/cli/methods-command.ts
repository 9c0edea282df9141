import { METHODS } from '../explainers/registry.js';

export function methodsCommand(): void {
  const width = Math.max(...[...METHODS.keys()].map((n) => n.length));
  for (const m of METHODS.values()) process.stdout.write(`${m.name.padEnd(width)}  ${m.family.padEnd(12)}  ${m.description}\n`);
}
