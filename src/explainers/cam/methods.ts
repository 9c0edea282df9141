import type { Method } from '../method.js';
import { ablationCamWeights } from './ablationcam.js';
import { computeCams, type CamCombination } from './cam-core.js';
import { eigenGradCam } from './eigen-gradcam.js';
import { eigenCam } from './eigencam.js';
import { gradCamPlusPlusWeights } from './gradcam-plus-plus.js';
import { gradCamWeights } from './gradcam.js';
import { hiResCam } from './hirescam.js';
import { layerCam } from './layercam.js';
import { scoreCamMethod } from './scorecam.js';
import { xGradCamWeights } from './xgradcam.js';

/** A CAM method: the shared routine with the method's own combination of activations and gradients. */
export function camMethod(name: string, description: string, combine: CamCombination): Method {
  return {
    name,
    description,
    family: 'cam',
    async explain(ctx, batch, targets) {
      const split = await ctx.model.split(ctx.layer);
      const result = await computeCams(split, batch, targets, combine, { score: ctx.score, batchSize: ctx.batchSize });
      return { ...result, layer: split.layer.name };
    },
  };
}

export const CAM_METHODS: Method[] = [
  camMethod('gradcam', 'Grad-CAM (Selvaraju et al. 2017): channels weighted by the spatial mean of the gradient', gradCamWeights),
  camMethod('gradcam++', 'Grad-CAM++ (Chattopadhay et al. 2018): channels weighted by positive gradients with higher-order alphas', gradCamPlusPlusWeights),
  camMethod('hirescam', 'HiResCAM (Draelos & Carin 2020): gradient times activation at each position, summed over channels', hiResCam),
  camMethod('xgradcam', 'XGrad-CAM (Fu et al. 2020): channels weighted by sum(gradient x activation) / sum(activation)', xGradCamWeights),
  camMethod('layercam', 'LayerCAM (Jiang et al. 2021): positive gradient times activation at each position, summed over channels', layerCam),
  camMethod('eigencam', 'Eigen-CAM (Muhammad & Yeasin 2020): activations projected on their first principal component; class-agnostic', eigenCam),
  camMethod('eigengradcam', 'EigenGrad-CAM: gradient x activation projected on its first principal component', eigenGradCam),
  camMethod('ablationcam', 'Ablation-CAM (Desai & Ramaswamy 2020): channels weighted by the score drop when each is zeroed', ablationCamWeights),
  scoreCamMethod(),
];
