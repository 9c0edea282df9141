import { attrInt, attrInts, attrString } from '../attributes.js';
import type { OnnxNode } from '../graph.js';
import { unsupported } from './op.js';

/** The sliding-window geometry shared by Conv and the pools (2-D only). */
export interface Window2D {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
}

/** TF.js explicit padding for NHWC: [[0,0],[top,bottom],[left,right],[0,0]]. */
export type NhwcPadding = [[number, number], [number, number], [number, number], [number, number]];

export function window2D(node: OnnxNode, kernel: number[]): Window2D {
  if (kernel.length !== 2) throw unsupported(node, `a ${kernel.length}-D window`);
  const pair = (name: string): [number, number] => {
    const v = attrInts(node, name) ?? [1, 1];
    return [v[0], v[1]];
  };
  return { kernel: [kernel[0], kernel[1]], strides: pair('strides'), dilations: pair('dilations') };
}

/**
 * Padding for an input of `inH` x `inW`, from `pads` ([top, left, bottom, right]) or `auto_pad`. With
 * `ceil_mode` the bottom/right padding grows so the last partial window counts, as PyTorch does (a window
 * that would start in the padding only is dropped).
 */
export function windowPadding(node: OnnxNode, w: Window2D, inH: number, inW: number): NhwcPadding {
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  const sizes = [inH, inW];
  const perAxis = [0, 1].map((a): [number, number] => {
    const effective = (w.kernel[a] - 1) * w.dilations[a] + 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const out = Math.ceil(sizes[a] / w.strides[a]);
      const total = Math.max(0, (out - 1) * w.strides[a] + effective - sizes[a]);
      const small = Math.floor(total / 2);
      return autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
    }
    if (autoPad === 'VALID') return [0, 0];
    const begin = pads[a];
    const end = pads[a + 2];
    if (attrInt(node, 'ceil_mode', 0) === 0) return [begin, end];
    const span = sizes[a] + begin + end - effective;
    let out = Math.ceil(span / w.strides[a]) + 1;
    if ((out - 1) * w.strides[a] >= sizes[a] + begin) out--;
    return [begin, Math.max(end, (out - 1) * w.strides[a] + effective - sizes[a] - begin)];
  });
  return [[0, 0], perAxis[0], perAxis[1], [0, 0]];
}

export const TO_NHWC = [0, 2, 3, 1];
export const TO_NCHW = [0, 3, 1, 2];
