import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { detectArchitecture } from '../src/universal/detect.js';
import { explainUniversal } from '../src/universal/explain-universal.js';
import { buildGraphNetwork, saveGraphNetwork, type GraphNetwork } from '../src/zoo/gnn/index.js';
import { litecam } from './helpers/cli.js';
import { tempDir } from './helpers/fixtures.js';

/** A path 0-1-2-3-4-5 with a 4-cycle 6-7-8-9 hanging off node 5, and nodes 10-11 in a separate edge. */
const EDGES: Array<[number, number]> = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8], [8, 9], [9, 6], [10, 11]];
const NODES = 12;
const FEATURES = Float32Array.from({ length: NODES * 2 }, (_, i) => ((i * 7) % 5) / 4);

function network(task: 'node' | 'graph'): GraphNetwork {
  return buildGraphNetwork({ task, featureSize: 2, numClasses: 3, layers: [{ kind: 'gcn', units: 8 }, { kind: 'gcn', units: 8 }], seed: 5 });
}

/** True when the kept nodes form one connected piece of the graph. */
function connected(kept: Uint8Array): boolean {
  const nodes = [...kept.keys()].filter((i) => kept[i]);
  const seen = new Set([nodes[0]]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of EDGES) {
      if (kept[a] && kept[b] && seen.has(a) !== seen.has(b)) {
        seen.add(a);
        seen.add(b);
        changed = true;
      }
    }
  }
  return seen.size === nodes.length;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the universal path on a graph network', () => {
  it('keeps a connected subgraph around the explained node that meets the floor', async () => {
    const model = network('node');
    expect(detectArchitecture(model).architecture).toBe('graph');
    const r = await explainUniversal(model, { kind: 'graph', nodes: NODES, featureSize: 2, features: FEATURES, edges: EDGES, node: 7 }, { minCoverage: 0.25 });
    expect(r).toMatchObject({ architecture: 'graph', adapter: 'graph', structure: { kind: 'subgraph' } });
    const kept = r.kept ?? new Uint8Array(0);
    expect(kept[7]).toBe(1);
    expect(connected(kept)).toBe(true);
    expect(r.simplified.coverage).toBeGreaterThanOrEqual(0.25);
    expect(kept[10] + kept[11]).toBe(0); // a separate piece of the graph cannot carry evidence to node 7
    expect(r.structure.description).toMatch(/^\d+ nodes connected to node 7, whose \d+ edges carry \d+% of the edge importance/);
    model.dispose();
  });
});

describe('litecam explain --input graph.json', () => {
  it('loads a saved graph network by its manifest and draws the kept subgraph as SVG', async () => {
    const dir = tempDir();
    const model = network('node');
    await saveGraphNetwork(model, join(dir, 'gnn'));
    model.dispose();
    const input = join(dir, 'graph.json');
    writeFileSync(input, JSON.stringify({ nodes: NODES, features: Array.from({ length: NODES }, (_, i) => [FEATURES[2 * i], FEATURES[2 * i + 1]]), edges: EDGES, node: 3 }));
    const r = await litecam(['explain', '--model', join(dir, 'gnn'), '--input', input, '--json', '--out', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    const rec = JSON.parse(r.stdout);
    expect(rec).toMatchObject({ architecture: 'graph', attribution: { topology: { kind: 'graph', nodes: NODES } }, structure: { kind: 'subgraph' } });
    expect(rec.simplified.kept).toContain(3);
    const svg = readFileSync(rec.figure, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle/g)?.length).toBeGreaterThanOrEqual(NODES);
  });
});
