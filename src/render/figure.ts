import type { Attribution, ThresholdResult } from '../attribution/types.js';
import { UsageError } from '../errors.js';
import type { CropBox } from '../image/crop-box.js';
import type { RgbImage } from '../image/rgb-image.js';
import { writeImage } from './encode.js';
import { fourPanel } from './panel.js';

/** The image side of a figure: the original and, for 'crop' inputs, where the model's view lies on it. */
export interface FigureImage {
  source: string;
  original: RgbImage;
  box?: CropBox;
}

/** What a figure shows of one explanation (a subset of the pipeline's Explanation). */
export interface FigureExplanation {
  class: number;
  label?: string;
  probability?: number;
  attribution: Attribution;
  threshold: ThresholdResult;
}

export interface FigureOptions {
  colormap?: string;
  alpha?: number;
  /** The method's name for the map's title (default 'Grad-CAM'). */
  method?: string;
  /** Class names, used when the explanation carries no label. */
  labels?: string[];
}

/** The four-panel figure of one explanation, with titles, written as PNG or JPEG by the path's extension. */
export async function writeFourPanel(
  path: string,
  image: FigureImage,
  explanation: FigureExplanation,
  options: FigureOptions = {},
): Promise<void> {
  const { topology } = explanation.attribution;
  if (topology.kind !== 'grid2d') {
    throw new UsageError(`a four-panel figure needs a 2-D map, got a ${topology.kind}`);
  }
  const grid = { width: topology.width, height: topology.height };
  const figure = fourPanel({
    image: image.original,
    cam: { values: explanation.attribution.values, ...grid },
    cutoff: explanation.threshold.cutoff,
    colormap: options.colormap,
    alpha: options.alpha,
    box: image.box,
  });
  await writeImage(path, figure, { titles: figureTitles(explanation, options.labels, options.method) });
}

/** input | Grad-CAM for the class | the threshold and what it kept | overlay. */
export function figureTitles(explanation: FigureExplanation, labels?: string[], method = 'Grad-CAM'): string[] {
  const name = explanation.label ?? labels?.[explanation.class] ?? `class ${explanation.class}`;
  const probability = explanation.probability === undefined ? '' : ` p=${explanation.probability.toFixed(2)}`;
  const t = explanation.threshold;
  const kind = t.value === null ? t.kind : `${t.kind} ${t.value}`;
  return ['input', `${method}: ${name}${probability}`, `${kind}: ${formatPercent(t.coverage)} kept`, 'overlay'];
}

function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
