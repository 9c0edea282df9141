/**
 * NHWC values to NCHW, in plain JS: one pass over the batch, cheaper than a device transpose followed by
 * a download when the data is bound for ONNX Runtime anyway.
 */
export function nhwcToNchw(data: Float32Array, [n, h, w, c]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  const plane = h * w;
  for (let b = 0; b < n; b++) {
    const base = b * plane * c;
    for (let p = 0; p < plane; p++) {
      const from = base + p * c;
      for (let k = 0; k < c; k++) out[base + k * plane + p] = data[from + k];
    }
  }
  return out;
}
