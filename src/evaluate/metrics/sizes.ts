import { UsageError } from '../../errors.js';

/** Every metric compares entries position by position, so two arrays of different lengths are a usage error. */
export function assertSameLength(what: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new UsageError(`${what} must have the same number of values: got ${a.length} and ${b.length}`);
}

/** A map or mask on a width x height grid holds exactly width * height values. */
export function assertGridSize(what: string, values: ArrayLike<number>, width: number, height: number): void {
  if (values.length !== width * height) {
    throw new UsageError(`${what} must hold ${width}x${height} = ${width * height} values, got ${values.length}`);
  }
}

/** Ranking measures are undefined unless the mask has both object and background pixels. */
export function countPositives(mask: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) positives++;
  if (positives === 0 || positives === mask.length) {
    throw new UsageError(`the mask must hold both object and background pixels, got ${positives} object pixels of ${mask.length}`);
  }
  return positives;
}
