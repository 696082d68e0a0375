/** The orders of the database path (MongoDB's value order, the sort options, recency) and the top-k cut. */
import type { AdvancedSearchQuery } from '../search-schemas';
import type { Card } from './card';

/** Ascending order of MongoDB without a collation: missing (or null) first, strings by code point. */
function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1;
  return compareStrings(String(a), String(b));
}

/** Code-point order (UTF-16 code units differ from it only where surrogates meet U+E000–U+FFFF). */
function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const SORT_KEYS: Record<string, Array<(c: Card) => string | number | undefined>> = {
  createdAt: [(c) => c.createdAt],
  registeredAt: [(c) => c.registeredAt],
  number: [(c) => c.registrationJournal, (c) => c.registrationSeq],
  title: [(c) => c.title],
  dueAt: [(c) => c.openDueAt],
};

/** The order of search-filters `sortOf`: the chosen field(s), then the id ascending. */
export function comparatorOf(sort: AdvancedSearchQuery['sort']): (a: Card, b: Card) => number {
  const direction = sort.startsWith('-') ? -1 : 1;
  const keys = SORT_KEYS[sort.replace(/^-/, '')];
  return (a, b) => {
    for (const key of keys) {
      const c = compareValues(key(a), key(b));
      if (c !== 0) return direction * c;
    }
    return compareStrings(a.id, b.id);
  };
}

/** Most recently changed first, then the id: the order global search takes its candidates in. */
export const byRecency = (a: Card, b: Card): number => b.cardUpdatedAt - a.cardUpdatedAt || compareStrings(a.id, b.id);

/** The `k` first cards in `compare` order, sorted: a bounded heap when k is small against the matches. */
export function firstOf(cards: Card[], k: number, compare: (a: Card, b: Card) => number): Card[] {
  if (k <= 0) return [];
  if (cards.length <= 4 * k || cards.length < 2000) return cards.sort(compare).slice(0, k);
  // Max-heap of the k best so far: its root is the worst of them.
  const heap: Card[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compare(heap[i], heap[p]) <= 0) return;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && compare(heap[l], heap[m]) > 0) m = l;
      if (r < heap.length && compare(heap[r], heap[m]) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (const card of cards) {
    if (heap.length < k) {
      heap.push(card);
      up(heap.length - 1);
    } else if (compare(card, heap[0]) < 0) {
      heap[0] = card;
      down(0);
    }
  }
  return heap.sort(compare);
}
