import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { explanationPlotData, graphSvg, type GraphPlotData } from '../src/render/graph-svg.js';

/** A house on a square base: 0 roof, 1-2 middle, 3-4 bottom, 5 a pendant. */
const HOUSE: GraphPlotData = {
  nodes: 6,
  edges: [[0, 1], [0, 2], [1, 2], [1, 3], [2, 4], [3, 4], [3, 5]],
  nodeImportance: [1, 0.8, 0.8, 0.4, 0.4, 0],
  edgeImportance: [1, 1, 0.5, 0.5, 0.5, 0.2, 0],
};

function count(svg: string, pattern: RegExp): number {
  return svg.match(pattern)?.length ?? 0;
}

/**
 * Well-formedness as an XML parser sees it: tags nest and close in order, attribute values are quoted,
 * and no bare '<' or '&' appears in text or attributes.
 */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<&]*(?:&#\d+;[^"<&]*)*")*)\s*(\/?)>/g;
  let last = 0;
  for (const m of svg.matchAll(tag)) {
    const text = svg.slice(last, m.index);
    expect(text).not.toMatch(/<|&(?!#\d+;|amp;|lt;|gt;|quot;)/);
    last = (m.index ?? 0) + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name);
  }
  expect(svg.slice(last)).toBe('');
  expect(stack).toEqual([]);
  // Every '<' started a tag the pattern accepted.
  expect(count(svg, /</g)).toBe(count(svg, tag));
}

describe('graphSvg', () => {
  it('draws one circle per node and one line per edge in a well-formed SVG', () => {
    const svg = graphSvg(HOUSE, { title: 'house' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expectWellFormed(svg);
    expect(count(svg, /<circle class="node/g)).toBe(6);
    expect(count(svg, /<line class="edge"/g)).toBe(7);
    expect(count(svg, /class="kept-edge"/g)).toBe(0);
    expect(count(svg, /class="target"/g)).toBe(0);
  });

  it('fills nodes by importance through the colormap and scales edges by theirs', () => {
    const svg = graphSvg(HOUSE, { colormap: 'viridis' });
    const fills = [...svg.matchAll(/data-node="(\d)"[^>]*fill="(rgb\([^)]*\))"/g)].map((m) => m[2]);
    // viridis runs from dark purple (68, 1, 84) at 0 to yellow (253, 231, 37) at 1.
    expect(fills[0]).toBe('rgb(253,231,37)');
    expect(fills[5]).toBe('rgb(68,1,84)');
    const widths = [...svg.matchAll(/class="edge" data-edge="(\d)"[^>]*stroke-width="([\d.]+)" stroke-opacity="([\d.]+)"/g)].map((m) => [Number(m[2]), Number(m[3])]);
    expect(widths[0]).toEqual([4, 1]);
    expect(widths[6]).toEqual([0.75, 0.15]);
    expect(widths[2][0]).toBeCloseTo(0.75 + 3.25 * 0.5, 2);
  });

  it('outlines kept nodes and edges and rings the target', () => {
    const svg = graphSvg({ ...HOUSE, keptNodes: [1, 1, 1, 0, 0, 0], keptEdges: [1, 1, 1, 0, 0, 0, 0], target: 0 }, { width: 400, height: 300 });
    expectWellFormed(svg);
    expect(count(svg, /<circle class="node kept"/g)).toBe(3);
    expect(count(svg, /class="kept-edge"/g)).toBe(3);
    const ring = /class="target" cx="([\d.]+)" cy="([\d.]+)"/.exec(svg);
    const node0 = /data-node="0" cx="([\d.]+)" cy="([\d.]+)"/.exec(svg);
    expect(ring?.slice(1)).toEqual(node0?.slice(1));
  });

  it('escapes the title and the node labels', () => {
    const svg = graphSvg({ ...HOUSE, nodeLabels: ['<roof>', 'a&b', '"m"', "o'k", 'x', 'y'] }, { title: 'Tom & Jerry <script>' });
    expectWellFormed(svg);
    expect(svg).toContain('Tom &#38; Jerry &#60;script&#62;');
    expect(svg).toContain('node &#60;roof&#62;');
    expect(svg).toContain('node a&#38;b');
    expect(svg).not.toContain('<script>');
  });

  it('lays out the same graph the same way every time', () => {
    expect(graphSvg(HOUSE)).toBe(graphSvg(HOUSE));
    const disconnected: GraphPlotData = { nodes: 4, edges: [[0, 1]] };
    expect(graphSvg(disconnected, { seed: 1 })).toBe(graphSvg(disconnected, { seed: 1 }));
  });

  it('keeps every node inside the canvas', () => {
    const ring: GraphPlotData = { nodes: 40, edges: Array.from({ length: 40 }, (_, i): [number, number] => [i, (i + 1) % 40]) };
    const svg = graphSvg(ring, { width: 300, height: 200 });
    for (const m of svg.matchAll(/cx="([\d.]+)" cy="([\d.]+)"/g)) {
      expect(Number(m[1])).toBeGreaterThanOrEqual(0);
      expect(Number(m[1])).toBeLessThanOrEqual(300);
      expect(Number(m[2])).toBeGreaterThanOrEqual(0);
      expect(Number(m[2])).toBeLessThanOrEqual(200);
    }
  });

  it('draws only the nodes nearest the target when the graph is large, and says so', () => {
    // A path of 300 nodes explained at node 150: radius r shows 2r + 1 nodes, so maxNodes 21 gives r = 10.
    const path: GraphPlotData = { nodes: 300, edges: Array.from({ length: 299 }, (_, i): [number, number] => [i, i + 1]), target: 150 };
    const svg = graphSvg(path, { maxNodes: 21 });
    expectWellFormed(svg);
    const shown = [...svg.matchAll(/data-node="(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown).toEqual(Array.from({ length: 21 }, (_, i) => 140 + i));
    expect(count(svg, /<line class="edge"/g)).toBe(20);
    expect(svg).toContain('21 of 300 nodes: within 10 hops of node 150');
    // Without a target there is nothing to centre on: the whole graph is drawn.
    expect(count(graphSvg({ ...path, target: undefined }, { maxNodes: 21 }), /<circle class="node/g)).toBe(300);
    // A hub whose first ring alone exceeds the limit still shows that ring.
    const star: GraphPlotData = { nodes: 40, edges: Array.from({ length: 39 }, (_, i): [number, number] => [0, i + 1]), target: 0 };
    expect(count(graphSvg(star, { maxNodes: 10 }), /<circle class="node/g)).toBe(40);
  });

  it('cuts a title too long for the width, with an ellipsis', () => {
    const svg = graphSvg(HOUSE, { width: 200, title: 'x'.repeat(100) });
    const title = /class="title"[^>]*>([^<]*)</.exec(svg)?.[1] ?? '';
    expect(title.length).toBe(Math.floor((200 - 48) / 6.6));
    expect(title.endsWith('\u2026')).toBe(true);
  });

  it('plots a graph explanation: its subgraph, its importances, its anchor as the target, input node numbers as labels', () => {
    const data = explanationPlotData({
      attribution: { values: Float32Array.from([0.2, 1]), topology: { kind: 'graph', nodes: 2, edges: [[0, 1]] } },
      edgeImportance: Float32Array.from([0.5]),
      nodeIds: Int32Array.from([17, 40]),
      anchor: 1,
    });
    const svg = graphSvg(data);
    expect(svg).toContain('node 40: 1');
    expect(count(svg, /class="target"/g)).toBe(1);
    expect(() => explanationPlotData({ attribution: { values: new Float32Array(2), topology: { kind: 'sequence', length: 2 } }, edgeImportance: new Float32Array(0) })).toThrow(/expected a graph attribution/);
  });

  it.each([
    [{ ...HOUSE, edges: [[0, 9]] as Array<[number, number]> }, {}, /edge 0 must join node indices in 0\.\.5/],
    [{ ...HOUSE, nodeImportance: [1, 2] }, {}, /node importance must have one entry per node \(6\)/],
    [{ ...HOUSE, edgeImportance: [1, NaN, 0, 0, 0, 0, 0] }, {}, /edge importance holds a non-finite value/],
    [{ ...HOUSE, keptEdges: [1] }, {}, /kept edges must have one entry per edge \(7\)/],
    [{ ...HOUSE, target: 6 }, {}, /target must be a node index in 0\.\.5/],
    [HOUSE, { colormap: 'rainbow' }, /unknown colormap 'rainbow'/],
    [HOUSE, { width: 20 }, /size must exceed the margins/],
    [HOUSE, { ticks: -1 }, /ticks must be an integer >= 0/],
    [HOUSE, { maxNodes: 0 }, /maxNodes must be an integer >= 1/],
  ])('rejects bad input with a usage error (%#)', (data, options, message) => {
    expect(() => graphSvg(data as GraphPlotData, options)).toThrow(UsageError);
    expect(() => graphSvg(data as GraphPlotData, options)).toThrow(message);
  });
});
