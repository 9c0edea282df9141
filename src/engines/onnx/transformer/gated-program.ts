/**
 * The whole ViT graph translated to TF.js with a gate after each attention Softmax: every consumer of a
 * block's attention probabilities reads them multiplied by an extra input of the same shape. Gates of ones
 * leave the logits unchanged, and the gradient of a logit with respect to a gate is A ⊙ ∂logit/∂A, the
 * product gradient rollout needs (Chefer et al. 2021), taken by tf.grads through the translated graph.
 */
import type { OnnxGraph, OnnxNode } from '../graph.js';
import { Program } from '../program.js';
import { liveNodes } from '../translate.js';

/** Suffixes of the names added to the graph: the gate inputs and the gated attention tensors. */
const GATE_SUFFIX = '__litecam_gate';
const GATED_SUFFIX = '__litecam_gated';

/**
 * Compiles the graph with one gate input per attention tensor, fed after the image in `attentions` order;
 * its single output is the logits.
 */
export function gatedAttentionProgram(graph: OnnxGraph, input: string, logits: string, attentions: readonly string[]): Program {
  const gated = new Map(attentions.map((a) => [a, `${a}${GATED_SUFFIX}`]));
  const nodes: OnnxNode[] = [];
  for (const node of liveNodes(graph, [logits])) {
    nodes.push(gated.size > 0 && node.inputs.some((i) => gated.has(i)) ? { ...node, inputs: node.inputs.map((i) => gated.get(i) ?? i) } : node);
    for (const out of node.outputs) {
      if (!gated.has(out)) continue;
      nodes.push({
        index: node.index,
        name: `${node.name}${GATED_SUFFIX}`,
        opType: 'Mul',
        domain: '',
        inputs: [out, `${out}${GATE_SUFFIX}`],
        outputs: [gated.get(out)!],
        attributes: new Map(),
      });
    }
  }
  return Program.compile(graph, { nodes, inputs: [input, ...attentions.map((a) => `${a}${GATE_SUFFIX}`)], outputs: [logits] });
}
