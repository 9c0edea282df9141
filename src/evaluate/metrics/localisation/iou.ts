/**
 * Intersection over union of two binary masks (non-zero = inside), the localisation measure of the
 * lightweight Grad-CAM paper's ground-truth comparison. Two empty masks agree perfectly (1); an empty
 * prediction against a non-empty truth scores 0.
 */
export function iou(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (predicted.length !== truth.length) throw new Error(`masks differ in size: ${predicted.length} vs ${truth.length}`);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] !== 0;
    const t = truth[i] !== 0;
    if (p && t) inter++;
    if (p || t) union++;
  }
  return union === 0 ? 1 : inter / union;
}
