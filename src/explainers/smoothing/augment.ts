/**
 * Test-time augmentation variants of an NHWC batch, made in model space with TF.js ops: a bilinear rescale
 * about the centre (half-pixel centres, as geometry.ts assumes), a centre crop or zero pad back to the
 * model's input size, then a horizontal flip. A zoomed-out variant (scale < 1) is padded with the model-space
 * zero: the per-channel training mean under mean/std preprocessing, black under plain scaling. The padding is
 * never carried back into the map (see geometry.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { axisPlacement, type AxisPlacement, type TtaVariant } from './geometry.js';

/** The variant of `batch`, a new tensor the caller disposes. */
export function augmentBatch(batch: tf.Tensor4D, variant: TtaVariant): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = batch.shape;
    const ph = axisPlacement(height, variant.scale);
    const pw = axisPlacement(width, variant.scale);
    const rescaled = ph.scaled === height && pw.scaled === width ? batch : tf.image.resizeBilinear(batch, [ph.scaled, pw.scaled], false, true);
    const windowed = intoWindow(rescaled, ph, pw);
    return variant.flip ? tf.reverse(windowed, 2) : tf.clone(windowed);
  });
}

/** The rescaled batch cropped where it overhangs the window and zero-padded where it falls short. */
function intoWindow(x: tf.Tensor4D, ph: AxisPlacement, pw: AxisPlacement): tf.Tensor4D {
  const [h0, h1] = keptRange(ph);
  const [w0, w1] = keptRange(pw);
  const kept = tf.slice(x, [0, h0, w0, 0], [-1, h1 - h0, w1 - w0, -1]);
  const before = (p: AxisPlacement) => Math.max(0, -p.offset);
  const after = (p: AxisPlacement, [a, b]: [number, number]) => p.size - (b - a) - before(p);
  return tf.pad(kept, [
    [0, 0],
    [before(ph), after(ph, [h0, h1])],
    [before(pw), after(pw, [w0, w1])],
    [0, 0],
  ]);
}

/** The rescaled image's pixels [from, to) that fall inside the window. */
function keptRange(p: AxisPlacement): [number, number] {
  return [Math.max(0, p.offset), Math.min(p.scaled, p.offset + p.size)];
}
