/** The cards and their inverted lists (tokens and viewers), the matching and the two kinds of answer. */
import type { DocumentStatus } from '../../../domain/documents/document-state';
import { stemTokens, termKey, type QueryTerm } from '../../../domain/search/tokenizer';
import type { HitRow } from '../search-hits';
import type { AdvancedSearchQuery } from '../search-schemas';
import { type Card, listOf, NONE, rowOf, text, time } from './card';
import { criteriaOf } from './criteria';
import { byRecency, comparatorOf, firstOf } from './order';
import { type List, lowerBoundOf, Postings, sum } from './postings';
import type { Viewer } from './viewer';

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

  /** Lists holding the term: the exact token, or every token it begins (prefix terms), and its stem tokens. */
  private listsOf(term: QueryTerm): List[] {
    const out: List[] = [];
    for (const token of stemTokens(term)) {
      const list = this.tokens.get(token);
      if (list !== undefined) out.push(list);
    }
    if (!term.prefix) {
      const list = this.tokens.get(term.loose);
      if (list !== undefined) out.push(list);
      return out;
    }
    this.sortedTokens ??= [...this.tokens.keys()].sort();
    const sorted = this.sortedTokens;
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
    const unique = [...new Map(terms.map((t) => [termKey(t), t])).values()];
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
