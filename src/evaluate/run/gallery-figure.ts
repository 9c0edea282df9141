import type { ThresholdResult } from '../../attribution/types.js';
import type { Explanation } from '../../explain.js';
import { encodeImage } from '../../render/encode.js';
import { figureTitles } from '../../render/figure.js';
import { fourPanel } from '../../render/panel.js';
import type { EvaluationItem } from './evaluation-item.js';

/** The four-panel figure (input | map | kept region | overlay) of one explanation as PNG bytes, made in memory. */
export async function galleryFigure(
  item: EvaluationItem,
  explanation: Explanation,
  threshold: ThresholdResult,
  method: string,
  labels?: string[],
): Promise<Buffer> {
  const { width, height } = explanation.attribution.topology as { width: number; height: number };
  const figure = fourPanel({
    image: item.image,
    cam: { values: explanation.attribution.values, width, height },
    cutoff: threshold.cutoff,
    box: item.box,
  });
  const titles = figureTitles({ ...explanation, threshold }, labels, method === 'gradcam' ? 'Grad-CAM' : method);
  return encodeImage(figure, 'png', { titles });
}
