/** Where one output row or column samples the source: two neighbours and the weight of the second. */
interface Taps {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float64Array;
}

/**
 * Source taps for each output index with half-pixel centres (OpenCV INTER_LINEAR,
 * tf.image.resizeBilinear with halfPixelCenters=true): output centre d + 0.5 maps to source
 * centre (d + 0.5) * src / dst, and samples beyond the first or last centre clamp to the edge.
 */
function linearTaps(srcSize: number, dstSize: number): Taps {
  const lo = new Int32Array(dstSize);
  const hi = new Int32Array(dstSize);
  const frac = new Float64Array(dstSize);
  const scale = srcSize / dstSize;
  for (let d = 0; d < dstSize; d++) {
    const s = Math.min(Math.max((d + 0.5) * scale - 0.5, 0), srcSize - 1);
    lo[d] = Math.floor(s);
    hi[d] = Math.min(lo[d] + 1, srcSize - 1);
    frac[d] = s - lo[d];
  }
  return { lo, hi, frac };
}

function assertSize(name: string, size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`${name} must be an integer >= 1, got ${size}`);
}

/**
 * Bilinear resize of a row-major map from srcW x srcH to dstW x dstH, up or down.
 * Downsampling does not low-pass first, exactly like INTER_LINEAR.
 */
export function resizeBilinear(
  values: ArrayLike<number>,
  srcW: number,
  srcH: number,
  dstW: number,
  dstH: number,
): Float32Array {
  for (const [name, size] of [['srcW', srcW], ['srcH', srcH], ['dstW', dstW], ['dstH', dstH]] as const) {
    assertSize(name, size);
  }
  if (values.length !== srcW * srcH) {
    throw new Error(`map has ${values.length} values, expected srcW * srcH = ${srcW * srcH}`);
  }
  const cols = linearTaps(srcW, dstW);
  const rows = linearTaps(srcH, dstH);
  const out = new Float32Array(dstW * dstH);
  for (let y = 0; y < dstH; y++) {
    const top = rows.lo[y] * srcW;
    const bottom = rows.hi[y] * srcW;
    const fy = rows.frac[y];
    for (let x = 0; x < dstW; x++) {
      const l = cols.lo[x];
      const r = cols.hi[x];
      const fx = cols.frac[x];
      const upper = values[top + l] + (values[top + r] - values[top + l]) * fx;
      const lower = values[bottom + l] + (values[bottom + r] - values[bottom + l]) * fx;
      out[y * dstW + x] = upper + (lower - upper) * fy;
    }
  }
  return out;
}
