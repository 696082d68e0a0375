/**
 * An in-memory copy of `document_search` in the API process, answering the same questions as the database
 * path of search-service.ts (same matching, visibility, criteria, order, paging and totals) without reading
 * every record per query — which is what the embedded FerretDB v1 does for any filter but `{_id}` alone
 * (docs/search.md).
 *
 * - Loaded once by streaming the whole collection; the feed tip (activities/search/search-feed.ts) is read
 *   first, so every change after the read is in the entries after that tip.
 * - Kept in step by the feed: before answering, it reads the entries after the last one applied (by `_id`)
 *   and re-reads those records (by `_id`). A change whose indexing finished before a request began is thus
 *   in that request's answer, in every API process.
 * - Cards are numbered by ordinals; an update gives the card a new ordinal and leaves the old one dead in the
 *   posting lists (skipped when read, dropped when the dead outnumber the living). Posting lists are growable
 *   Int32Arrays in ascending ordinal order; a card's ranking words are ids into one shared vocabulary.
 */
import { randomUUID } from 'node:crypto';
import { seesEverything } from '../../activities/documents/document-visibility';
import { createSearchFeed, type SearchFeed } from '../../activities/search/search-feed';
import { canonical, loose, type QueryTerm } from '../../activities/search/tokenizer';
import type { DocumentSearchModel } from '../../db/models/document-search';
import type { Role } from '../../db/models/employee';
import type { DocumentStatus } from '../../workflows/lib/document-state';
import type { HitRow } from './search-hits';
import { lowerBound, upperBound } from './search-dates';
import type { AdvancedSearchQuery } from './search-schemas';
import type { Representation } from './substitution-service';

interface Card {
  id: string;
  type: string;
  title: string;
  status: DocumentStatus;
  language?: 'kk' | 'ru';
  authorId: string;
  draftNumber?: string;
  registrationJournal?: string;
  registrationNumber?: string;
  registeredAt?: number;
  registrationSeq?: number;
  correspondent?: string;
  createdAt: number;
  cardUpdatedAt: number;
  openDueAt?: number;
  viewerIds: string[];
  visibleJournal?: string;
  executorIds: string[];
  controlTypes: string[];
  correspondentKey?: string;
  /** Where its ranking words (ids of `<tag>:<word>` in the shared vocabulary) are in the word pool. */
  wordsAt: number;
  wordCount: number;
}

/** A growable list of ordinals, ascending. */
class Postings {
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
type List = number | Postings;

const lengthOf = (list: List): number => (typeof list === 'number' ? 1 : list.length);

/** Who asks: the mirror of search-filters `visibilityFilter`. */
export interface Viewer {
  all: boolean;
  everywhere: ReadonlySet<string>;
  typed: ReadonlyArray<{ absentId: string; types: ReadonlySet<string> }>;
  registrar: boolean;
}

export function viewerOf(actor: { employeeId: string; roles: readonly Role[] }, representations: readonly Representation[]): Viewer {
  return {
    all: seesEverything(actor.roles),
    everywhere: new Set([actor.employeeId, ...representations.filter((r) => !r.documentTypes).map((r) => r.absentId)]),
    typed: representations.filter((r) => r.documentTypes).map((r) => ({ absentId: r.absentId, types: new Set(r.documentTypes) })),
    registrar: actor.roles.includes('registrar'),
  };
}

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
function comparatorOf(sort: AdvancedSearchQuery['sort']): (a: Card, b: Card) => number {
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
const byRecency = (a: Card, b: Card): number => b.cardUpdatedAt - a.cardUpdatedAt || compareStrings(a.id, b.id);

/** The `k` first cards in `compare` order, sorted: a bounded heap when k is small against the matches. */
function firstOf(cards: Card[], k: number, compare: (a: Card, b: Card) => number): Card[] {
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

const CONTROLLED = ['controlled', 'personal'];
/** The one empty list every card without executors or control types shares. */
const NONE: string[] = [];

/** The mirror of search-filters `advancedCriteria`, as one predicate. */
function criteriaOf(q: AdvancedSearchQuery, now: Date): (c: Card) => boolean {
  const tests: Array<(c: Card) => boolean> = [];
  if (q.type) {
    const types = new Set(q.type);
    tests.push((c) => types.has(c.type));
  }
  if (q.status) {
    const statuses = new Set<string>(q.status);
    tests.push((c) => statuses.has(c.status));
  }
  if (q.journal) tests.push((c) => c.registrationJournal === q.journal);
  if (q.numberFrom !== undefined || q.numberTo !== undefined) {
    const from = q.numberFrom ?? -Infinity;
    const to = q.numberTo ?? Infinity;
    tests.push((c) => c.registrationSeq !== undefined && c.registrationSeq >= from && c.registrationSeq <= to);
  }
  const range = (from: string | undefined, to: string | undefined, value: (c: Card) => number | undefined) => {
    if (!from && !to) return;
    const lo = from ? lowerBound(from).getTime() : -Infinity;
    const hi = to ? upperBound(to).getTime() : Infinity;
    tests.push((c) => {
      const v = value(c);
      return v !== undefined && v >= lo && v <= hi;
    });
  };
  range(q.registeredFrom, q.registeredTo, (c) => c.registeredAt);
  range(q.createdFrom, q.createdTo, (c) => c.createdAt);
  if (q.author) tests.push((c) => c.authorId === q.author);
  if (q.executor) {
    const executor = q.executor;
    tests.push((c) => c.executorIds.includes(executor));
  }
  if (q.correspondent) {
    const needle = loose(canonical(q.correspondent)).replace(/\s+/g, ' ');
    tests.push((c) => c.correspondentKey !== undefined && c.correspondentKey.includes(needle));
  }
  if (q.control) {
    const typed = q.control.filter((x) => x !== 'none');
    const none = q.control.includes('none');
    tests.push((c) => typed.some((t) => c.controlTypes.includes(t)) || (none && !c.controlTypes.some((t) => CONTROLLED.includes(t))));
  }
  const nowMs = now.getTime();
  if (q.overdue === true) tests.push((c) => c.openDueAt !== undefined && c.openDueAt < nowMs);
  if (q.overdue === false) tests.push((c) => !(c.openDueAt !== undefined && c.openDueAt < nowMs));
  return (c) => tests.every((t) => t(c));
}

/** A list field of a record in either layout (one element per word, or one space-joined string). */
function listOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => (typeof v === 'string' ? v.split(' ').filter(Boolean) : []));
}

const time = (v: unknown): number | undefined => (v instanceof Date ? v.getTime() : v === null || v === undefined ? undefined : new Date(v as string).getTime());
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The cards and their inverted lists. Pure in-memory state; the loading and the feed are outside. */
export class SearchStore {
  private cards: Array<Card | undefined> = [];
  private ordinalOf = new Map<string, number>();
  private tokens = new Map<string, List>();
  /** The token vocabulary in order, for prefix ranges; built by the first prefix query, then kept in order. */
  private sortedTokens: string[] | undefined;
  private viewers = new Map<string, List>();
  private vocabulary: string[] = [];
  /** Every card's word ids, one after another (one array: a typed array per card costs more than its words). */
  private wordPool = new Postings();
  private wordIds = new Map<string, number>();
  private strings = new Map<string, string>();
  private dead = 0;

  get size(): number {
    return this.ordinalOf.size;
  }

  /** One copy of each repeated short string (ids, types, statuses, journals). */
  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  private internList(values: string[]): string[] {
    return values.length ? values.map((v) => this.intern(v)) : NONE;
  }

  private add(map: Map<string, List>, key: string, ordinal: number): void {
    const list = map.get(key);
    if (list === undefined) {
      map.set(key, ordinal);
      if (map === this.tokens && this.sortedTokens) this.sortedTokens.splice(lowerBoundOf(this.sortedTokens, key), 0, key);
    } else if (typeof list === 'number') {
      const grown = new Postings();
      grown.push(list);
      grown.push(ordinal);
      map.set(key, grown);
    } else list.push(ordinal);
  }

  /** Orders the token vocabulary for prefix queries (once after loading; later tokens are inserted in order). */
  prepare(): void {
    this.sortedTokens ??= [...this.tokens.keys()].sort();
  }

  /** Adds or replaces the card of a stored record (as read from `document_search`). */
  put(record: Record<string, unknown>): void {
    const id = String(record._id);
    this.remove(id);
    const words = text(record.words)?.split(' ').filter(Boolean) ?? [];
    const wordsAt = this.wordPool.length;
    for (const w of words) {
      let wordId = this.wordIds.get(w);
      if (wordId === undefined) {
        wordId = this.vocabulary.length;
        this.vocabulary.push(w);
        this.wordIds.set(w, wordId);
      }
      this.wordPool.push(wordId);
    }
    const interned = (v: unknown) => (typeof v === 'string' ? this.intern(v) : undefined);
    const card: Card = {
      id,
      type: this.intern(String(record.type)),
      title: String(record.title),
      status: this.intern(String(record.status)) as DocumentStatus,
      language: interned(record.language) as Card['language'],
      authorId: this.intern(String(record.authorId)),
      draftNumber: text(record.draftNumber),
      registrationJournal: interned(record.registrationJournal),
      registrationNumber: text(record.registrationNumber),
      registeredAt: time(record.registeredAt),
      registrationSeq: typeof record.registrationSeq === 'number' ? record.registrationSeq : undefined,
      correspondent: interned(record.correspondent),
      createdAt: time(record.createdAt) ?? 0,
      cardUpdatedAt: time(record.cardUpdatedAt) ?? 0,
      openDueAt: time(record.openDueAt),
      viewerIds: this.internList(listOf(record.viewerIds)),
      visibleJournal: interned(record.visibleJournal),
      executorIds: this.internList(listOf(record.executorIds)),
      controlTypes: this.internList(listOf(record.controlTypes)),
      correspondentKey: interned(record.correspondentKey),
      wordsAt,
      wordCount: words.length,
    };
    const ordinal = this.cards.length;
    this.cards.push(card);
    this.ordinalOf.set(id, ordinal);
    for (const token of new Set(listOf(record.tokens))) this.add(this.tokens, token, ordinal);
    for (const viewer of new Set(card.viewerIds)) this.add(this.viewers, viewer, ordinal);
  }

  remove(id: string): void {
    const ordinal = this.ordinalOf.get(id);
    if (ordinal === undefined) return;
    this.cards[ordinal] = undefined;
    this.ordinalOf.delete(id);
    this.dead++;
    if (this.dead > 10_000 && this.dead > this.ordinalOf.size) this.compact();
  }

  /** Renumbers the living cards and drops the dead ordinals from every list. */
  private compact(): void {
    const remap = new Int32Array(this.cards.length).fill(-1);
    const living: Card[] = [];
    const pool = new Postings();
    this.cards.forEach((card, o) => {
      if (!card) return;
      remap[o] = living.length;
      this.ordinalOf.set(card.id, living.length);
      living.push(card);
      const at = pool.length;
      for (let i = 0; i < card.wordCount; i++) pool.push(this.wordPool.data[card.wordsAt + i]);
      card.wordsAt = at;
    });
    this.wordPool = pool;
    this.cards = living;
    this.dead = 0;
    for (const map of [this.tokens, this.viewers]) {
      for (const [key, list] of map) {
        if (typeof list === 'number') {
          if (remap[list] >= 0) map.set(key, remap[list]);
          else map.delete(key);
          continue;
        }
        list.remap(remap);
        if (list.length === 0) map.delete(key);
      }
    }
    this.sortedTokens = undefined;
  }

  /** Lists holding the term: the exact token, or every token it begins (prefix terms). */
  private listsOf(term: QueryTerm): List[] {
    if (!term.prefix) {
      const list = this.tokens.get(term.loose);
      return list ? [list] : [];
    }
    this.sortedTokens ??= [...this.tokens.keys()].sort();
    const sorted = this.sortedTokens;
    const out: List[] = [];
    for (let i = lowerBoundOf(sorted, term.loose); i < sorted.length && sorted[i].startsWith(term.loose); i++) out.push(this.tokens.get(sorted[i])!);
    return out;
  }

  /**
   * Ordinals holding every term (the mirror of search-filters `termsFilter`), or of the lists' union when
   * `any`; ascending, dead ones included (the caller skips them).
   */
  private intersect(sets: List[][], any = false): Int32Array {
    const marks = new Uint8Array(this.cards.length);
    const ordered = any ? [sets.flat()] : [...sets].sort((a, b) => sum(a) - sum(b));
    const out: number[] = [];
    ordered.forEach((lists, t) => {
      const last = t === ordered.length - 1;
      const visit = (o: number) => {
        if (marks[o] !== t) return;
        marks[o] = t + 1;
        if (last) out.push(o);
      };
      for (const list of lists) {
        if (typeof list === 'number') {
          visit(list);
          continue;
        }
        const data = list.data;
        for (let i = 0; i < list.length; i++) visit(data[i]);
      }
    });
    return Int32Array.from(out).sort();
  }

  /** Living cards holding every term and visible to the viewer and passing `test`. */
  matching(terms: readonly QueryTerm[], viewer: Viewer, test: (c: Card) => boolean = () => true): Card[] {
    const unique = [...new Map(terms.map((t) => [`${t.prefix}:${t.loose}`, t])).values()];
    let ordinals: Int32Array | undefined;
    if (unique.length) ordinals = this.intersect(unique.map((t) => this.listsOf(t)));
    else if (!viewer.all && !viewer.registrar) {
      const people = [...viewer.everywhere, ...viewer.typed.map((t) => t.absentId)];
      ordinals = this.intersect([people.flatMap((p) => this.viewers.get(p) ?? [])], true);
    }
    const out: Card[] = [];
    const consider = (card: Card | undefined) => {
      if (card && this.visible(card, viewer) && test(card)) out.push(card);
    };
    if (ordinals) for (const o of ordinals) consider(this.cards[o]);
    else for (const card of this.cards) consider(card);
    return out;
  }

  /** The mirror of search-filters `visibilityFilter` for one card. */
  private visible(card: Card, viewer: Viewer): boolean {
    if (viewer.all) return true;
    if (card.viewerIds.some((v) => viewer.everywhere.has(v))) return true;
    if (viewer.typed.some((r) => r.types.has(card.type) && card.viewerIds.includes(r.absentId))) return true;
    return viewer.registrar && card.visibleJournal !== undefined;
  }

  /** Global search's candidates: the `limit` most recently changed matches, and how many match in all. */
  global(terms: readonly QueryTerm[], viewer: Viewer, limit: number): { rows: Array<HitRow & { tagged: string[] }>; total: number } {
    const matches = this.matching(terms, viewer);
    const rows = firstOf(matches, limit, byRecency).map((c) => ({ ...rowOf(c), tagged: this.wordsOf(c) }));
    return { rows, total: matches.length };
  }

  private wordsOf(card: Card): string[] {
    const out = new Array<string>(card.wordCount);
    for (let i = 0; i < card.wordCount; i++) out[i] = this.vocabulary[this.wordPool.data[card.wordsAt + i]];
    return out;
  }

  /** One page of advanced search and the exact total. */
  advanced(query: AdvancedSearchQuery, terms: readonly QueryTerm[], viewer: Viewer, now: Date): { rows: HitRow[]; total: number } {
    const matches = this.matching(terms, viewer, criteriaOf(query, now));
    const skip = (query.page - 1) * query.pageSize;
    const rows = firstOf(matches, skip + query.pageSize, comparatorOf(query.sort)).slice(skip).map(rowOf);
    return { rows, total: matches.length };
  }
}

const sum = (lists: List[]): number => lists.reduce<number>((n, l) => n + lengthOf(l), 0);

/** The first position in a sorted list whose string is not below `key`. */
function lowerBoundOf(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

function rowOf(c: Card): HitRow {
  return {
    _id: c.id,
    type: c.type,
    title: c.title,
    status: c.status,
    language: c.language,
    authorId: c.authorId,
    draftNumber: c.draftNumber,
    registrationJournal: c.registrationJournal,
    registrationNumber: c.registrationNumber,
    registeredAt: date(c.registeredAt),
    correspondent: c.correspondent,
    createdAt: new Date(c.createdAt),
    cardUpdatedAt: new Date(c.cardUpdatedAt),
    openDueAt: date(c.openDueAt),
  };
}

/** Records read when loading and when following the feed: everything but the bookkeeping. */
const STORED_FIELDS = { version: 0, layout: 0 } as const;
/** Feed entries read at once when the first one after the position exists (a backlog). */
const FEED_WINDOW = 32;

/**
 * The store, loaded from `document_search` and kept in step with it through the feed. `current()` answers
 * with the store caught up to the feed, or undefined while it cannot (not loaded, or the load failed): the
 * caller then asks the database.
 */
/** How often a reader reports its position to the feed (and trims what every reader has consumed). */
const REPORT_EVERY_MS = 10_000;

export function createSearchMemoryIndex(DocumentSearch: DocumentSearchModel, options: { onError?: (error: unknown) => void; reportEveryMs?: number } = {}) {
  const records = DocumentSearch.collection;
  const feed: SearchFeed = createSearchFeed(DocumentSearch.db);
  const readerId = `reader-${randomUUID()}`;
  let reportedAt = 0;
  let store: SearchStore | undefined;
  let loading: Promise<SearchStore | undefined> | undefined;
  /** The last feed entry applied. */
  let position = 0;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const stats = { loadMs: 0, records: 0, applied: 0 };

  async function load(): Promise<SearchStore> {
    const started = performance.now();
    const tip = await feed.tip();
    const fresh = new SearchStore();
    for await (const record of records.find({}, { projection: STORED_FIELDS, batchSize: 5000 })) fresh.put(record);
    fresh.prepare();
    position = tip;
    store = fresh;
    await feed.register(readerId, position, true);
    reportedAt = Date.now();
    stats.loadMs = performance.now() - started;
    stats.records = fresh.size;
    return fresh;
  }

  /** Starts loading (once); resolves to the store, or undefined when the load failed (tried again next time). */
  function start(): Promise<SearchStore | undefined> {
    loading ??= load().catch((error: unknown) => {
      options.onError?.(error);
      loading = undefined;
      return undefined;
    });
    return loading;
  }

  async function apply(entries: Array<{ seq: number; documentId: string }>): Promise<void> {
    const ids = [...new Set(entries.map((e) => e.documentId))];
    // Read after the entries: each record is then at least as new as the change its entry announces.
    const found = await Promise.all(ids.map((id) => records.findOne({ _id: id as never }, { projection: STORED_FIELDS })));
    ids.forEach((id, i) => {
      const record = found[i];
      if (record) store!.put(record);
      else store!.remove(id);
    });
    position = entries[entries.length - 1].seq;
    stats.applied += entries.length;
  }

  /**
   * Reports the position now and then, and trims what every reader has applied. A reader whose registration was
   * dropped while it was idle may have lost entries to a trim: it reloads before answering.
   */
  async function report(): Promise<void> {
    if (Date.now() - reportedAt < (options.reportEveryMs ?? REPORT_EVERY_MS)) return;
    reportedAt = Date.now();
    if (!(await feed.register(readerId, position))) {
      const fresh = await load();
      loading = Promise.resolve(fresh);
      return;
    }
    await feed.trim();
  }

  async function drain(): Promise<void> {
    await report();
    for (;;) {
      const first = await feed.read(position + 1);
      if (!first) return;
      const more = await Promise.all(Array.from({ length: FEED_WINDOW - 1 }, (_, i) => feed.read(position + 2 + i)));
      const entries = [first];
      for (const entry of more) {
        if (!entry) break;
        entries.push(entry);
      }
      await apply(entries);
    }
  }

  /**
   * Applies every entry appended before the call. Calls arriving while a catch-up runs share the next one
   * (which starts after they arrived, so it sees what was appended before them).
   */
  function catchUp(): Promise<void> {
    if (!running) {
      running = drain().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return catchUp();
      });
    return queued;
  }

  return {
    start,
    catchUp,
    stats,
    /** The store, caught up with every change indexed before the call; undefined when not loaded. */
    async current(): Promise<SearchStore | undefined> {
      const loaded = await start();
      if (!loaded) return undefined;
      await catchUp();
      return store ?? loaded; // a reload while catching up replaces the store
    },
    /** This reader's id in the feed's reader registry. */
    readerId,
  };
}

export type SearchMemoryIndex = ReturnType<typeof createSearchMemoryIndex>;
