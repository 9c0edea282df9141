/**
 * A max-priority queue of positions by value, ties broken by the lower index, so every growth order is
 * fully determined by the map: the best-first search of the simplifiers and a naive scan for the best
 * frontier position pick the same sequence.
 */
export class BestFirstQueue {
  private readonly heap: number[] = [];

  constructor(private readonly values: ArrayLike<number>) {}

  get size(): number {
    return this.heap.length;
  }

  push(index: number): void {
    const heap = this.heap;
    heap.push(index);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** The best position; undefined when empty. */
  pop(): number | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop() as number;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < heap.length && this.before(heap[left], heap[best])) best = left;
        if (right < heap.length && this.before(heap[right], heap[best])) best = right;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best], heap[i]];
        i = best;
      }
    }
    return top;
  }

  /** True when position a ranks before b: a larger value, or the same value and a lower index. */
  private before(a: number, b: number): boolean {
    const va = rankValue(this.values[a]);
    const vb = rankValue(this.values[b]);
    return va > vb || (va === vb && a < b);
  }
}

/** Negative entries rank as zero: no evidence, like everywhere else in attribution/. */
export function rankValue(v: number): number {
  return v > 0 ? v : 0;
}

/**
 * Grows `kept` best-first into positions adjacent to it until `needed` positions are kept or nothing
 * adjacent is left; returns the kept count. `neighbours(i, visit)` calls visit on each neighbour of i.
 */
export function growBestFirst(
  values: ArrayLike<number>,
  kept: Uint8Array,
  needed: number,
  neighbours: (i: number, visit: (j: number) => void) => void,
): number {
  const queued = Uint8Array.from(kept);
  const queue = new BestFirstQueue(values);
  let count = 0;
  const enqueue = (j: number): void => {
    if (queued[j] === 0) {
      queued[j] = 1;
      queue.push(j);
    }
  };
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] === 0) continue;
    count++;
    neighbours(i, enqueue);
  }
  while (count < needed && queue.size > 0) {
    const next = queue.pop() as number;
    kept[next] = 1;
    count++;
    neighbours(next, enqueue);
  }
  return count;
}
