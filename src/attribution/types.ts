/** Where attribution values live. Grad-CAM gives a Grid2D at layer resolution; sequences and graphs come later. */
export interface Grid2D {
  kind: 'grid2d';
  width: number;
  height: number;
}

export interface Sequence {
  kind: 'sequence';
  length: number;
}

export interface Graph {
  kind: 'graph';
  nodes: number;
  edges: Array<[number, number]>;
}

export type Topology = Grid2D | Sequence | Graph;

/** Importance values plus the topology they live on. Values are row-major for a Grid2D. */
export interface Attribution {
  values: Float32Array;
  topology: Topology;
}

/** The result of one threshold strategy applied to a map. */
export interface ThresholdResult {
  /** The simplified values: kept entries unchanged, the rest zero. */
  values: Float32Array;
  /** Strategy name: 'percentile' | 'dynamic' | 'otsu' | 'multilevel' ... */
  kind: string;
  /** The parameter the user gave (percent kept, or the coverage floor for dynamic); null when none. */
  value: number | null;
  /** Values >= cutoff are kept. */
  cutoff: number;
  /** Share of entries kept, in [0, 1]. */
  coverage: number;
  /** Share of the map's total (non-negative) mass kept, in [0, 1]; 0 for an all-zero map. */
  energy: number;
}

export function grid(width: number, height: number): Grid2D {
  return { kind: 'grid2d', width, height };
}
