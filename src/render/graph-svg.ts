/**
 * A graph explanation as an SVG: nodes placed by a force-directed layout (d3-force, run headless for a fixed
 * number of ticks from a seeded random source, so the same graph always gets the same picture), node fill by
 * importance through a colormap, edge width and opacity by importance, the nodes and edges a simplification
 * kept outlined, and the explained node ringed, fixed where the layout starts it (the centre of rings of
 * hop distance). Plain strings only, so it runs anywhere.
 */
import { forceCenter, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3-force';
import { mulberry32 } from '../attribution/random.js';
import type { Attribution } from '../attribution/types.js';
import { UsageError } from '../errors.js';
import { neighbourLists } from '../zoo/gnn/subgraph.js';
import { colorize, parseColormap } from './colormaps.js';

export interface GraphPlotData {
  nodes: number;
  /** Undirected edges between node indices 0..nodes-1. */
  edges: ReadonlyArray<readonly [number, number]>;
  /** One non-negative importance per node; colours are scaled by the largest. */
  nodeImportance?: ArrayLike<number>;
  /** One non-negative importance per edge, in the edges' order. */
  edgeImportance?: ArrayLike<number>;
  /** Non-zero on the nodes a simplification kept (outlined). */
  keptNodes?: ArrayLike<number>;
  /** Non-zero on the edges a simplification kept (outlined). */
  keptEdges?: ArrayLike<number>;
  /** The explained node, ringed; the layout grows around it. */
  target?: number;
  /** A name per node for its tooltip (default: its index). */
  nodeLabels?: readonly string[];
}

export interface GraphPlotOptions {
  width: number;
  height: number;
  colormap: string;
  /** Layout iterations: d3-force's default cooling (alpha decay 0.0228) reaches its minimum in 300. */
  ticks: number;
  /** Seed of the layout's random source (d3 jiggles coincident nodes). */
  seed: number;
  /** With a target, draw at most this many nodes: those nearest it (see visibleSubgraph). */
  maxNodes: number;
  title?: string;
}

/** 150 nodes still show as separate discs at the default size. */
export const GRAPH_PLOT_DEFAULTS: GraphPlotOptions = { width: 640, height: 480, colormap: 'viridis', ticks: 300, seed: 0, maxNodes: 150 };

const MARGIN = { side: 24, top: 36, bottom: 40 };
const NODE_RADIUS = 6;
/** Rest length of a link in layout units (the plot is scaled to fit afterwards). */
const LINK_DISTANCE = 30;
const KEPT_STROKE = '#e4572e';
const TARGET_STROKE = '#d62728';
const EDGE_STROKE = '#333333';
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12"';

interface LayoutNode extends SimulationNodeDatum {
  index: number;
}

export function graphSvg(data: GraphPlotData, options: Partial<GraphPlotOptions> = {}): string {
  const o = { ...GRAPH_PLOT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as GraphPlotOptions;
  checkData(data, o);
  // Shades are scaled over the whole graph, so a partial view keeps the colours of the full explanation.
  const nodeShade = normalised(data.nodeImportance, data.nodes);
  const edgeShade = normalised(data.edgeImportance, data.edges.length);
  const fills = colorize(nodeShade, o.colormap);
  const view = visibleSubgraph(data, o.maxNodes);
  const local = new Int32Array(data.nodes).fill(-1);
  view.nodes.forEach((v, i) => (local[v] = i));
  const viewEdges = view.edges.map((e): [number, number] => [local[data.edges[e][0]], local[data.edges[e][1]]]);
  const positions = layout(view.nodes.length, viewEdges, data.target === undefined ? undefined : local[data.target], o);
  const at = (v: number): [number, number] => positions[local[v]];
  const centre = (v: number): string => `cx="${fmt(at(v)[0])}" cy="${fmt(at(v)[1])}"`;

  const keptEdgeLines: string[] = [];
  const edgeLines = view.edges.map((e) => {
    const [a, b] = data.edges[e];
    const ends = `x1="${fmt(at(a)[0])}" y1="${fmt(at(a)[1])}" x2="${fmt(at(b)[0])}" y2="${fmt(at(b)[1])}"`;
    if (data.keptEdges && data.keptEdges[e] !== 0) keptEdgeLines.push(`<line class="kept-edge" ${ends} stroke="${KEPT_STROKE}" stroke-width="${fmt(edgeWidth(edgeShade[e]) + 4)}" stroke-opacity="0.6"/>`);
    const tip = data.edgeImportance ? `<title>edge ${labelOf(data, a)}\u2013${labelOf(data, b)}: ${fmt(data.edgeImportance[e], 4)}</title>` : '';
    return `<line class="edge" data-edge="${e}" ${ends} stroke="${EDGE_STROKE}" stroke-width="${fmt(edgeWidth(edgeShade[e]))}" stroke-opacity="${fmt(0.15 + 0.85 * edgeShade[e])}">${tip}</line>`;
  });
  const circles = view.nodes.map((v) => {
    const kept = data.keptNodes !== undefined && data.keptNodes[v] !== 0;
    const fill = `rgb(${fills[3 * v]},${fills[3 * v + 1]},${fills[3 * v + 2]})`;
    const stroke = kept ? `stroke="${KEPT_STROKE}" stroke-width="2.5"` : 'stroke="#ffffff" stroke-width="1"';
    const importance = data.nodeImportance ? `: ${fmt(data.nodeImportance[v], 4)}` : '';
    return `<circle class="node${kept ? ' kept' : ''}" data-node="${v}" ${centre(v)} r="${NODE_RADIUS}" fill="${fill}" ${stroke}><title>node ${labelOf(data, v)}${importance}</title></circle>`;
  });
  const ring = data.target === undefined
    ? ''
    : `<circle class="target" ${centre(data.target)} r="${NODE_RADIUS + 5}" fill="none" stroke="${TARGET_STROKE}" stroke-width="2" stroke-dasharray="4 2"/>`;
  const title = o.title ? `<text class="title" x="${MARGIN.side}" y="22" ${FONT}>${escapeXml(fitted(o.title, o.width - 2 * MARGIN.side))}</text>` : '';
  const note = view.radius === null
    ? ''
    : `<text class="note" x="${o.width - MARGIN.side}" y="${o.height - 8}" text-anchor="end" ${FONT}>${view.nodes.length} of ${data.nodes} nodes: within ${view.radius} hop${view.radius === 1 ? '' : 's'} of node ${labelOf(data, data.target as number)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${title}${colourBar(o)}${note}` +
    `<g class="edges">${keptEdgeLines.join('')}${edgeLines.join('')}</g><g class="nodes">${circles.join('')}</g>${ring}</svg>`
  );
}

/**
 * What is drawn: the whole graph when it has at most `maxNodes` nodes or no target; otherwise the nodes
 * within the largest hop radius of the target that keeps at most `maxNodes` of them (at least radius 1),
 * and the edges between them. A node explanation's evidence lies near its node, and a hairball of
 * hundreds of nodes shows nothing.
 */
function visibleSubgraph(data: GraphPlotData, maxNodes: number): { nodes: number[]; edges: number[]; radius: number | null } {
  const all = { nodes: Array.from({ length: data.nodes }, (_, v) => v), edges: data.edges.map((_, e) => e), radius: null };
  if (data.target === undefined || data.nodes <= maxNodes) return all;
  const neighbours = neighbourLists(data.nodes, data.edges);
  const hop = new Int32Array(data.nodes).fill(-1);
  hop[data.target] = 0;
  let ring = [data.target];
  let shown = [data.target];
  let radius = 0;
  while (ring.length > 0) {
    const next = [...new Set(ring.flatMap((u) => neighbours[u].filter((v) => hop[v] < 0)))];
    if (next.length === 0 || (radius >= 1 && shown.length + next.length > maxNodes)) break;
    next.forEach((v) => (hop[v] = radius + 1));
    shown = shown.concat(next);
    ring = next;
    radius++;
  }
  if (shown.length === data.nodes) return all;
  const visible = (v: number): boolean => hop[v] >= 0;
  return { nodes: shown.sort((a, b) => a - b), edges: all.edges.filter((e) => visible(data.edges[e][0]) && visible(data.edges[e][1])), radius };
}

/** The title cut to fit the width (about 6.6 px per character at 12 px), with an ellipsis when cut. */
function fitted(text: string, width: number): string {
  const chars = Math.max(1, Math.floor(width / 6.6));
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}\u2026`;
}

/** The plot data of a graph explanation: its reported subgraph, importances, anchor, and the input's node numbers as labels. */
export function explanationPlotData(
  e: { attribution: Attribution; edgeImportance: Float32Array; nodeIds?: Int32Array; anchor?: number },
  kept?: { nodes?: ArrayLike<number>; edges?: ArrayLike<number> },
): GraphPlotData {
  if (e.attribution.topology.kind !== 'graph') throw new UsageError(`graph plot: expected a graph attribution; got a ${e.attribution.topology.kind} one`);
  const { nodes, edges } = e.attribution.topology;
  return {
    nodes,
    edges,
    nodeImportance: e.attribution.values,
    edgeImportance: e.edgeImportance,
    keptNodes: kept?.nodes,
    keptEdges: kept?.edges,
    target: e.anchor,
    nodeLabels: e.nodeIds ? Array.from(e.nodeIds, String) : undefined,
  };
}

/**
 * Node positions inside the plot area. The simulation starts from rings of hop distance around the target
 * (or the best-connected node), which keeps small cycles from starting out folded; then links pull
 * neighbours together, many-body repulsion spreads them, weak x/y forces keep disconnected pieces in view,
 * and the target stays fixed at the rings' centre. The result is scaled to fit, keeping the aspect ratio.
 */
function layout(count: number, edges: ReadonlyArray<readonly [number, number]>, target: number | undefined, o: GraphPlotOptions): Array<[number, number]> {
  const start = ringPositions(count, edges, target);
  const nodes: LayoutNode[] = start.map(([x, y], index) => (index === target ? { index, x, y, fx: x, fy: y } : { index, x, y }));
  const links = edges.map(([source, t]) => ({ source, target: t }));
  forceSimulation(nodes)
    .randomSource(mulberry32(o.seed))
    .force('link', forceLink(links).distance(LINK_DISTANCE))
    .force('charge', forceManyBody().strength(-60))
    .force('x', forceX(0).strength(0.05))
    .force('y', forceY(0).strength(0.05))
    .force('center', target === undefined ? forceCenter(0, 0) : null)
    .stop()
    .tick(o.ticks);
  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const plot = { left: MARGIN.side, top: MARGIN.top, width: o.width - 2 * MARGIN.side, height: o.height - MARGIN.top - MARGIN.bottom };
  const scale = Math.min(plot.width / Math.max(maxX - minX, 1e-9), plot.height / Math.max(maxY - minY, 1e-9), 4);
  const cx = plot.left + plot.width / 2;
  const cy = plot.top + plot.height / 2;
  return nodes.map((_, v) => [cx + (xs[v] - (minX + maxX) / 2) * scale, cy + (ys[v] - (minY + maxY) / 2) * scale]);
}

/**
 * Starting positions: the root at the origin, nodes d hops away evenly spread on a circle of radius d
 * link lengths, each ring ordered by the mean direction of its neighbours in the ring inside it (so
 * branches stay apart). Nodes the root cannot reach go on one more ring outside.
 */
function ringPositions(count: number, edges: ReadonlyArray<readonly [number, number]>, target: number | undefined): Array<[number, number]> {
  const neighbours = neighbourLists(count, edges);
  const root = target ?? neighbours.reduce((best, list, v) => (list.length > neighbours[best].length ? v : best), 0);
  const hop = new Int32Array(count).fill(-1);
  hop[root] = 0;
  const rings: number[][] = [[root]];
  for (let ring = rings[0]; ring.length > 0; ring = rings[rings.length - 1]) {
    const next = [...new Set(ring.flatMap((u) => neighbours[u].filter((v) => hop[v] < 0)))];
    next.forEach((v) => (hop[v] = rings.length));
    if (next.length === 0) break;
    rings.push(next);
  }
  const unreached = Array.from(hop.keys()).filter((v) => hop[v] < 0);
  if (unreached.length > 0) rings.push(unreached);
  const angle = new Float64Array(count);
  const positions: Array<[number, number]> = Array.from({ length: count }, () => [0, 0]);
  rings.forEach((ring, d) => {
    if (d === 0) return;
    const direction = (v: number): number => {
      const inner = neighbours[v].filter((u) => hop[u] === d - 1);
      return inner.length === 0 ? 0 : Math.atan2(inner.reduce((s, u) => s + Math.sin(angle[u]), 0), inner.reduce((s, u) => s + Math.cos(angle[u]), 0));
    };
    const ordered = ring.map((v) => ({ v, towards: direction(v) })).sort((a, b) => a.towards - b.towards || a.v - b.v);
    ordered.forEach(({ v }, k) => {
      angle[v] = ordered[0].towards + (2 * Math.PI * k) / ring.length;
      positions[v] = [LINK_DISTANCE * d * Math.cos(angle[v]), LINK_DISTANCE * d * Math.sin(angle[v])];
    });
  });
  return positions;
}

/** The colormap as a bar under the plot, 0 on the left, the largest importance on the right. */
function colourBar(o: GraphPlotOptions): string {
  const steps = 16;
  const colours = colorize(Array.from({ length: steps }, (_, i) => i / (steps - 1)), o.colormap);
  const stops = Array.from({ length: steps }, (_, i) => `<stop offset="${fmt(i / (steps - 1))}" stop-color="rgb(${colours[3 * i]},${colours[3 * i + 1]},${colours[3 * i + 2]})"/>`);
  const y = o.height - MARGIN.bottom + 14;
  const width = Math.min(160, o.width - 2 * MARGIN.side);
  return (
    `<defs><linearGradient id="importance-scale">${stops.join('')}</linearGradient></defs>` +
    `<rect class="colour-bar" x="${MARGIN.side}" y="${y}" width="${width}" height="8" fill="url(#importance-scale)"/>` +
    `<text x="${MARGIN.side}" y="${y + 22}" ${FONT}>0</text>` +
    `<text x="${MARGIN.side + width}" y="${y + 22}" text-anchor="end" ${FONT}>max importance</text>`
  );
}

function edgeWidth(shade: number): number {
  return 0.75 + 3.25 * shade;
}

/** Values divided by their maximum (all zero when there are none, or none is positive). */
function normalised(values: ArrayLike<number> | undefined, count: number): Float32Array {
  const out = new Float32Array(count);
  if (!values) return out;
  let max = 0;
  for (let i = 0; i < count; i++) max = Math.max(max, values[i]);
  if (max > 0) for (let i = 0; i < count; i++) out[i] = Math.max(values[i], 0) / max;
  return out;
}

function labelOf(data: GraphPlotData, v: number): string {
  return escapeXml(data.nodeLabels?.[v] ?? String(v));
}

function checkData(data: GraphPlotData, o: GraphPlotOptions): void {
  if (!Number.isSafeInteger(data.nodes) || data.nodes < 1) throw new UsageError(`graph plot: nodes must be an integer >= 1; got ${String(data.nodes)}`);
  data.edges.forEach(([a, b], e) => {
    if (!isIndex(a, data.nodes) || !isIndex(b, data.nodes)) throw new UsageError(`graph plot: edge ${e} must join node indices in 0..${data.nodes - 1}; got [${a}, ${b}]`);
  });
  const perNode: Array<[string, ArrayLike<number> | readonly string[] | undefined]> = [['node importance', data.nodeImportance], ['kept nodes', data.keptNodes], ['node labels', data.nodeLabels]];
  for (const [what, values] of perNode) {
    if (values && values.length !== data.nodes) throw new UsageError(`graph plot: ${what} must have one entry per node (${data.nodes}); got ${values.length}`);
  }
  for (const [what, values] of [['edge importance', data.edgeImportance], ['kept edges', data.keptEdges]] as const) {
    if (values && values.length !== data.edges.length) throw new UsageError(`graph plot: ${what} must have one entry per edge (${data.edges.length}); got ${values.length}`);
  }
  for (const [what, values] of [['node importance', data.nodeImportance], ['edge importance', data.edgeImportance]] as const) {
    if (values && !Array.from(values).every(Number.isFinite)) throw new UsageError(`graph plot: ${what} holds a non-finite value`);
  }
  if (data.target !== undefined && !isIndex(data.target, data.nodes)) throw new UsageError(`graph plot: target must be a node index in 0..${data.nodes - 1}; got ${String(data.target)}`);
  parseColormap(o.colormap);
  if (!Number.isSafeInteger(o.ticks) || o.ticks < 0) throw new UsageError(`graph plot: ticks must be an integer >= 0; got ${o.ticks}`);
  if (!Number.isSafeInteger(o.maxNodes) || o.maxNodes < 1) throw new UsageError(`graph plot: maxNodes must be an integer >= 1; got ${o.maxNodes}`);
  if (!(o.width > 2 * MARGIN.side + 2 * NODE_RADIUS && o.height > MARGIN.top + MARGIN.bottom + 2 * NODE_RADIUS)) {
    throw new UsageError(`graph plot: size must exceed the margins (${2 * MARGIN.side + 2 * NODE_RADIUS} x ${MARGIN.top + MARGIN.bottom + 2 * NODE_RADIUS}); got ${o.width} x ${o.height}`);
  }
}

function isIndex(value: number, count: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value < count;
}

function fmt(v: number, digits = 2): string {
  const scale = 10 ** digits;
  return String(Math.round(v * scale) / scale);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
