/** The inverted index's lists of card ordinals, and binary search over the sorted token vocabulary. */


/** A growable list of ordinals, ascending. */
export class Postings {
  data = new Int32Array(4);
  length = 0;
  push(ordinal: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = ordinal;
  }
  /** Renumbers through `remap` (-1: dropped), keeping the order. */
  remap(remap: Int32Array): void {
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const o = remap[this.data[i]];
      if (o >= 0) this.data[n++] = o;
    }
    this.length = n;
    if (n * 4 < this.data.length && this.data.length > 16) this.data = this.data.slice(0, Math.max(4, n * 2));
  }
}

/**
 * A posting list: one ordinal as a plain number (most tokens are on one card only — draft and registration
 * numbers — and an object per such token would cost more than the rest of the index), else a Postings.
 */
export type List = number | Postings;

const lengthOf = (list: List): number => (typeof list === 'number' ? 1 : list.length);

export const sum = (lists: List[]): number => lists.reduce<number>((n, l) => n + lengthOf(l), 0);

/** The first position in a sorted list whose string is not below `key`. */
export function lowerBoundOf(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
