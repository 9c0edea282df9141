/**
 * The universal explainer's contract. One entry point takes any supported model and input, finds which
 * family the model belongs to (an adapter per family recognises its own models), explains it with that
 * family's default method, and simplifies the map in the way that family needs: connected regions for
 * CNN and ViT images, attended tokens for text transformers, intervals for recurrent networks, a connected
 * subgraph for graph networks.
 */
import type { Attribution, ThresholdResult } from '../attribution/types.js';

/** The four families the framework covers. */
export type Architecture = 'convolutional' | 'transformer' | 'recurrent' | 'graph';

export const ARCHITECTURES: readonly Architecture[] = ['convolutional', 'transformer', 'recurrent', 'graph'];

/** What the universal explainer is given to explain, by kind of data. */
export type UniversalInput =
  /** One image already prepared for the model: NHWC float data of the model's input size. */
  | { kind: 'image'; data: Float32Array; source?: string }
  /** One multivariate sequence, row-major [steps, features]. */
  | { kind: 'sequence'; values: Float32Array; steps: number; features: number }
  /** Text, or token ids when the caller tokenised it already. */
  | { kind: 'text'; text: string }
  | { kind: 'tokens'; ids: Int32Array }
  /** A graph: node features row-major [nodes, featureSize], undirected edges; `node` picks the explained node for node classification. */
  | { kind: 'graph'; nodes: number; featureSize: number; features: Float32Array; edges: Array<[number, number]>; node?: number };

export type UniversalInputKind = UniversalInput['kind'];

/** What the adapter's explainer found, before simplification. */
export interface FamilyResult {
  /** Method name as listed to users: 'gradcam', 'attention-rollout', 'gradient-x-input', 'graph-gradient' ... */
  method: string;
  /** The explained output: a class index (or a regression output's index). */
  target: number;
  /** The model's score for that output (logit, or regression value). */
  score: number;
  /** Softmax probability of `target` when the output is a classification; undefined for regression. */
  probability?: number;
  /** The runner-up's probability, for the confidence margin; undefined for regression. */
  runnerUpProbability?: number;
  /** Importance, non-negative, on the family's topology: grid2d (images), sequence (steps or tokens), graph (nodes). */
  attribution: Attribution;
  /**
   * What topology-aware simplification needs beyond the map itself:
   * `relations` (tokens): a [T, T] row-major matrix, row i = how much token i draws on each token (rollout);
   * `anchor` (graphs): the node a kept subgraph must stay connected to (the explained node);
   * `edgeImportance` (graphs): one value per edge of the topology, in its order;
   * `labels` (tokens): the token strings, for rendering.
   */
  context?: {
    relations?: Float32Array;
    anchor?: number;
    edgeImportance?: Float32Array;
    labels?: string[];
    /**
     * The positions the explanation covers at all (graphs: the explained node's computation graph, by input
     * node index). Simplification and its coverage floor are measured within them.
     */
    scope?: Int32Array;
  };
  /** Time the explainer itself took (forward, gradients), in ms. */
  explainMs: number;
}

export interface ExplainFamilyOptions {
  /** Class (or output) to explain; default: the predicted one. */
  target?: number;
  /** Method override; each adapter lists the ones it has. */
  method?: string;
  seed?: number;
  /** Whether the outputs are class scores or predicted values (time-series regression); adapters guess when omitted. */
  task?: 'classification' | 'regression';
}

/**
 * One family's adapter. `detect` inspects the model and returns the evidence it recognised (a short phrase
 * such as "LSTM layer 'lstm_1'" or "ONNX Softmax over [heads, T, T] in 12 blocks"), or null when the model is
 * not of this family. Adapters never throw from `detect`.
 */
export interface FamilyAdapter {
  /** Adapter name: 'cnn', 'vision-transformer', 'text-transformer', 'recurrent', 'graph'. */
  name: string;
  architecture: Architecture;
  /** Input kinds this adapter explains. */
  inputs: readonly UniversalInputKind[];
  /** Methods it offers, default first. */
  methods: readonly string[];
  /** What `detect` looks for, as a short phrase for the error when no adapter recognises a model. */
  looksFor?: string;
  detect(model: unknown): string | null;
  explain(model: unknown, input: UniversalInput, options: ExplainFamilyOptions): Promise<FamilyResult>;
}

/** A confidence score and how it was computed, so users can judge it. */
export interface ConfidenceScore {
  /** In [0, 1]. */
  value: number;
  /** One sentence: what the score combines and how. */
  how: string;
  /** The parts the value was made from, each in [0, 1]. */
  components: Record<string, number>;
}

export interface UniversalExplanation {
  architecture: Architecture;
  adapter: string;
  /** Why the model was taken for this family. */
  evidence: string;
  method: string;
  target: number;
  score: number;
  probability?: number;
  /** Normalised map (max 1), on the family's topology. */
  attribution: Attribution;
  /** The topology-aware simplification, with a coverage floor guaranteed. */
  simplified: ThresholdResult;
  /** 1 where the kept structure covers a position, including zero-valued positions inside it (a closed gap). */
  kept?: Uint8Array;
  /** Structure kept by the simplification: regions (images), intervals (sequences), tokens, a subgraph. */
  structure: { kind: 'regions' | 'intervals' | 'tokens' | 'subgraph'; count: number; description: string };
  confidence: ConfidenceScore;
  context?: FamilyResult['context'];
  timings: { explainMs: number; simplifyMs: number; totalMs: number };
}
