/** What a graph network is made of: its task, its message-passing layers and the sizes of all its weights. */
import { UsageError } from '../../errors.js';

export type GraphLayerKind = 'gcn' | 'gat';

export const GRAPH_LAYER_KINDS: readonly GraphLayerKind[] = ['gcn', 'gat'];

/** 'node': one prediction per node; 'graph': one per graph, from the mean of the node embeddings. */
export type GraphTask = 'node' | 'graph';

export const GRAPH_TASKS: readonly GraphTask[] = ['node', 'graph'];

/** A GCN layer of `units` outputs, or a GAT layer of `heads` heads of `units` outputs each. */
export type GraphLayerSpec = { kind: 'gcn'; units: number } | { kind: 'gat'; units: number; heads: number };

export interface GraphNetworkConfig {
  task: GraphTask;
  featureSize: number;
  numClasses: number;
  /** Message-passing layers, input first; a linear layer to the classes follows them. */
  layers: GraphLayerSpec[];
}

export interface WeightSpec {
  name: string;
  shape: number[];
}

/**
 * Width of layer i's output. GAT heads are concatenated in hidden layers and averaged in the last message-
 * passing layer (Veličković et al. 2018, eq. 6), whose output the linear head then reads.
 */
export function layerOutputWidth(config: GraphNetworkConfig, i: number): number {
  const spec = config.layers[i];
  return spec.kind === 'gat' && i < config.layers.length - 1 ? spec.heads * spec.units : spec.units;
}

export function layerInputWidth(config: GraphNetworkConfig, i: number): number {
  return i === 0 ? config.featureSize : layerOutputWidth(config, i - 1);
}

/** Every weight of the network by name and shape, in a fixed order (the order of the saved file). */
export function weightSpecs(config: GraphNetworkConfig): WeightSpec[] {
  const specs: WeightSpec[] = [];
  config.layers.forEach((layer, i) => {
    const inputs = layerInputWidth(config, i);
    if (layer.kind === 'gcn') {
      specs.push({ name: `layer${i}/kernel`, shape: [inputs, layer.units] });
    } else {
      specs.push(
        { name: `layer${i}/kernel`, shape: [inputs, layer.heads * layer.units] },
        { name: `layer${i}/attention_self`, shape: [layer.heads, layer.units] },
        { name: `layer${i}/attention_neighbour`, shape: [layer.heads, layer.units] },
      );
    }
    specs.push({ name: `layer${i}/bias`, shape: [layerOutputWidth(config, i)] });
  });
  const last = layerOutputWidth(config, config.layers.length - 1);
  specs.push({ name: 'head/kernel', shape: [last, config.numClasses] }, { name: 'head/bias', shape: [config.numClasses] });
  return specs;
}

/** Checks every field with a one-line message; `what` names the source (a file, or 'graph network'). */
export function requireGraphNetworkConfig(config: unknown, what = 'graph network'): GraphNetworkConfig {
  if (typeof config !== 'object' || config === null) throw new UsageError(`${what}: expected an object with task, featureSize, numClasses and layers`);
  const c = config as Record<string, unknown>;
  if (!GRAPH_TASKS.includes(c.task as GraphTask)) throw new UsageError(`${what}: task must be one of ${GRAPH_TASKS.join(', ')}; got ${JSON.stringify(c.task)}`);
  const featureSize = requireSize(c.featureSize, 'featureSize', what);
  const numClasses = requireSize(c.numClasses, 'numClasses', what);
  if (!Array.isArray(c.layers) || c.layers.length === 0) throw new UsageError(`${what}: layers must be a non-empty array`);
  const layers = c.layers.map((layer: unknown, i): GraphLayerSpec => {
    const l = (typeof layer === 'object' && layer !== null ? layer : {}) as Record<string, unknown>;
    const units = requireSize(l.units, `layers[${i}].units`, what);
    if (l.kind === 'gcn') return { kind: 'gcn', units };
    if (l.kind === 'gat') return { kind: 'gat', units, heads: requireSize(l.heads, `layers[${i}].heads`, what) };
    throw new UsageError(`${what}: layers[${i}].kind must be one of ${GRAPH_LAYER_KINDS.join(', ')}; got ${JSON.stringify(l.kind)}`);
  });
  return { task: c.task as GraphTask, featureSize, numClasses, layers };
}

function requireSize(value: unknown, field: string, what: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new UsageError(`${what}: ${field} must be an integer >= 1; got ${JSON.stringify(value)}`);
  return value as number;
}
