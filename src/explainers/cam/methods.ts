import type { Method } from '../method.js';
import { computeCams, type ChannelWeights } from './cam-core.js';
import { gradCamWeights } from './gradcam.js';

/** A CAM method: the shared routine with the method's own channel weights. */
export function camMethod(name: string, description: string, weights: ChannelWeights): Method {
  return {
    name,
    description,
    family: 'cam',
    async explain(ctx, batch, targets) {
      const split = await ctx.model.split(ctx.layer);
      const result = await computeCams(split, batch, targets, weights, ctx.score);
      return { ...result, layer: split.layer.name };
    },
  };
}

export const CAM_METHODS: Method[] = [
  camMethod('gradcam', 'Grad-CAM (Selvaraju et al. 2017): channels weighted by the spatial mean of the gradient', gradCamWeights),
];
