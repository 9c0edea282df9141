import { HostTensor, type HostDType, hostOf, sizeOf } from './host-tensor.js';

/** Plain-JS tensor arithmetic for host values: shape arithmetic and constant folding, never the hot path. */

/** numpy-style broadcast of two shapes; null when they do not broadcast. */
export function broadcastDims(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Row-major strides of `dims` laid out in an output of rank `rank`, 0 along broadcast axes. */
function broadcastStrides(dims: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let stride = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    const axis = out.length - dims.length + i;
    strides[axis] = dims[i] === 1 ? 0 : stride;
    stride *= dims[i];
  }
  return strides;
}

/** Element-wise `fn` over broadcast inputs. */
export function hostMap(inputs: readonly HostTensor[], dtype: HostDType, fn: (...v: number[]) => number): HostTensor {
  let dims: number[] = [];
  for (const t of inputs) {
    const next = broadcastDims(dims, t.dims);
    if (!next) throw new Error(`shapes [${dims.join(', ')}] and [${t.dims.join(', ')}] do not broadcast`);
    dims = next;
  }
  const size = sizeOf(dims);
  const strides = inputs.map((t) => broadcastStrides(t.dims, dims));
  const values = new Float64Array(size);
  const index = new Array<number>(dims.length).fill(0);
  const args = new Array<number>(inputs.length);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < inputs.length; k++) {
      let offset = 0;
      for (let d = 0; d < dims.length; d++) offset += index[d] * strides[k][d];
      args[k] = inputs[k].data[offset];
    }
    values[i] = fn(...args);
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
  return hostOf(dtype, dims, values);
}

/** Gather along `axis` with integer `indices` (negative counts from the end). */
export function hostGather(data: HostTensor, indices: HostTensor, axis: number): HostTensor {
  const dims = data.dims;
  const outer = sizeOf(dims.slice(0, axis));
  const inner = sizeOf(dims.slice(axis + 1));
  const n = dims[axis];
  const idx = indices.numbers().map((i) => (i < 0 ? i + n : i));
  if (idx.some((i) => i < 0 || i >= n)) throw new Error(`Gather index out of range for axis of size ${n}`);
  const values = new Float64Array(outer * idx.length * inner);
  let w = 0;
  for (let o = 0; o < outer; o++) {
    for (const i of idx) {
      const base = (o * n + i) * inner;
      for (let k = 0; k < inner; k++) values[w++] = data.data[base + k];
    }
  }
  return hostOf(data.dtype, [...dims.slice(0, axis), ...indices.dims, ...dims.slice(axis + 1)], values);
}

export function hostConcat(parts: readonly HostTensor[], axis: number): HostTensor {
  const first = parts[0];
  const outer = sizeOf(first.dims.slice(0, axis));
  const values: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const chunk = sizeOf(p.dims.slice(axis));
      for (let k = 0; k < chunk; k++) values.push(p.data[o * chunk + k]);
    }
  }
  const dims = [...first.dims];
  dims[axis] = parts.reduce((s, p) => s + p.dims[axis], 0);
  return hostOf(first.dtype, dims, values);
}

export function hostTranspose(t: HostTensor, perm: readonly number[]): HostTensor {
  const dims = perm.map((p) => t.dims[p]);
  const inStrides = rowMajorStrides(t.dims);
  const values = new Float64Array(t.size);
  const index = new Array<number>(dims.length).fill(0);
  for (let i = 0; i < t.size; i++) {
    let offset = 0;
    for (let d = 0; d < dims.length; d++) offset += index[d] * inStrides[perm[d]];
    values[i] = t.data[offset];
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
  return hostOf(t.dtype, dims, values);
}

/** Per-axis slice with resolved (in-range) starts, output sizes and steps for every axis. */
export function hostSlice(t: HostTensor, starts: readonly number[], sizes: readonly number[], steps: readonly number[]): HostTensor {
  const inStrides = rowMajorStrides(t.dims);
  const total = sizeOf(sizes);
  const values = new Float64Array(total);
  const index = new Array<number>(sizes.length).fill(0);
  for (let i = 0; i < total; i++) {
    let offset = 0;
    for (let d = 0; d < sizes.length; d++) offset += (starts[d] + index[d] * steps[d]) * inStrides[d];
    values[i] = t.data[offset];
    for (let d = sizes.length - 1; d >= 0; d--) {
      if (++index[d] < sizes[d]) break;
      index[d] = 0;
    }
  }
  return hostOf(t.dtype, sizes, values);
}

export function rowMajorStrides(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let s = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= dims[d];
  }
  return strides;
}

/** A negative axis counts from the end of a tensor of rank `rank`. */
export function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1)) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}
