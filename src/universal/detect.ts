/**
 * Which family a model belongs to: each adapter in turn inspects the model itself (layer classes, op
 * types, how the graph continues after a candidate layer) and the first to recognise it wins, with the
 * evidence it saw.
 */
import { UsageError } from '../errors.js';
import { ADAPTERS } from './adapters/index.js';
import type { Architecture, FamilyAdapter } from './types.js';

export interface Detection {
  adapter: FamilyAdapter;
  architecture: Architecture;
  /** What the adapter recognised, e.g. "TF.js: LSTM layer 'lstm' (16 units) over [30, 3] sequences". */
  evidence: string;
}

/** The first adapter that recognises the model; a one-line UsageError naming what was looked for when none does. */
export function detectArchitecture(model: unknown, adapters: readonly FamilyAdapter[] = ADAPTERS): Detection {
  for (const adapter of adapters) {
    const evidence = adapter.detect(model);
    if (evidence !== null) return { adapter, architecture: adapter.architecture, evidence };
  }
  const sought = adapters.map((a) => a.looksFor ?? `${a.name} models`);
  const list = sought.length > 1 ? `${sought.slice(0, -1).join(', ')} or ${sought.at(-1)}` : sought.join('');
  throw new UsageError(`cannot tell the architecture of ${modelName(model)}: found no ${list}`);
}

/** How an error names a model: its source, else its name, else its kind. */
export function modelName(model: unknown): string {
  const m = model as { source?: unknown; name?: unknown } | null;
  if (typeof m?.source === 'string' && m.source !== '') return m.source;
  if (typeof m?.name === 'string' && m.name !== '') return `model '${m.name}'`;
  if (model === null || typeof model !== 'object') return `a value of type ${model === null ? 'null' : typeof model}`;
  return `a model of type ${model.constructor?.name ?? 'object'}`;
}
