/**
 * The one tokenizer of search. Cards (what a document is found by) and queries (what a person typed) pass
 * through the same normalization, so they can only disagree where this file says so. Pure and
 * deterministic: the indexer, the search service and the benchmark share it.
 *
 * Two levels of folding:
 * - canonical: lower case, no diacritics (ё → е, é → e), Kazakh letters kept (қ ≠ к), й kept (й ≠ и);
 * - loose: canonical, then Kazakh-specific letters folded to their Russian look-alikes (ә→а, ғ→г, қ→к,
 *   ң→н, ө→о, ұ→у, ү→у, һ→х, і→и) and, inside Cyrillic words, Latin look-alikes to Cyrillic.
 * Matching uses the loose form, so "кужат" typed on a Russian keyboard finds "құжат"; ranking prefers
 * the canonical (exact-letter) match, so "құжат" still ranks documents spelled "құжат" first.
 */

import { stemOf } from './stemmer';

/** Bump when the output of this file changes: cards indexed with another version are re-indexed. */
export const TOKENIZER_VERSION = 2;

/**
 * Marks a stem among the tokens ("~отпуск"): stems never answer a prefix term ("отп" does not find "~отпуск",
 * it finds "отпусков"), so matching by word and by prefix is what it was before stems.
 */
export const STEM_MARK = '~';

/** A query term this long or longer also finds words it begins ("құжат" finds "құжаттар"); shorter ones match whole words only. */
export const MIN_PREFIX = 3;
/** A compound ("01-12/345", "Иванов-Петров") longer than this is kept only as its parts. */
const MAX_COMPOUND = 40;
/** A query is at most this many terms; the rest are ignored (every term narrows the result anyway). */
export const MAX_QUERY_TERMS = 8;

const KAZAKH_TO_RUSSIAN: Readonly<Record<string, string>> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и' };
/** Latin letters people type inside Cyrillic words (Kazakh "і" as Latin "i" on a Russian keyboard, mixed layouts). */
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = { a: 'а', c: 'с', e: 'е', h: 'х', i: 'и', k: 'к', o: 'о', p: 'р', x: 'х', y: 'у' };

/** Letters and digits, joined by "-", "/" or "." into compounds such as registration numbers. */
const WORD = /[\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)*/gu;
const JOINER = /[-/.]/;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const DIGIT_ONLY = /^\p{N}+$/u;

/**
 * Function words dropped from queries (not from cards): "приказ о отпуске" should not require a card to
 * contain "о". Kept when the query has nothing else.
 */
const QUERY_STOP_WORDS = new Set([
  // Russian
  'и', 'в', 'во', 'на', 'по', 'о', 'об', 'от', 'к', 'ко', 'с', 'со', 'за', 'из', 'для', 'до', 'не', 'а', 'но', 'у', 'при', 'или',
  // Kazakh
  'және', 'мен', 'пен', 'бен', 'да', 'де', 'та', 'те', 'ал', 'бірақ', 'туралы', 'үшін', 'немесе',
]);

/** Lower case without diacritics; Kazakh letters and й survive (they are letters, not decorated ones). */
export function canonical(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFD')
      // й and ў decompose into a letter and a breve; й is a letter of its own in Russian and Kazakh.
      .replace(/и\u0306/g, 'й')
      .replace(/[\p{M}\p{Cf}]+/gu, '')
      .normalize('NFC')
  );
}

/** The matching form of a canonical word: see the file comment. */
export function loose(word: string): string {
  const cyrillic = CYRILLIC.test(word);
  let out = '';
  for (const ch of word) out += KAZAKH_TO_RUSSIAN[ch] ?? (cyrillic ? (LATIN_LOOKALIKES[ch] ?? ch) : ch);
  return out;
}

const keepWord = (w: string): boolean => w.length > 1 || DIGIT_ONLY.test(w);

/**
 * The canonical words of a text, in order. A compound yields itself and, with `parts`, its parts too, so a
 * card numbered "01-12/345" is found by "345" as well as by "01-12/345".
 */
export function wordsOf(text: string, options: { parts: boolean } = { parts: true }): string[] {
  const out: string[] = [];
  for (const match of canonical(text).matchAll(WORD)) {
    const word = match[0];
    if (!JOINER.test(word)) {
      if (keepWord(word)) out.push(word);
      continue;
    }
    if (word.length <= MAX_COMPOUND) out.push(word);
    if (options.parts || word.length > MAX_COMPOUND) out.push(...word.split(JOINER).filter(keepWord));
  }
  return out;
}

/** The loose stem of a canonical word, when it has one (see stemmer `stemOf`). */
export function looseStem(word: string): string | undefined {
  const stem = stemOf(word);
  return stem === undefined ? undefined : loose(stem);
}

/**
 * What a card stores for matching: the loose form of every word, once, and the stem of a word marked with
 * STEM_MARK where it differs from the word (a word that is its own stem already stands for it). Prefixes are
 * not stored: a prefix query is an anchored regular expression, which MongoDB answers from the same multikey
 * index as a range scan, and which keeps cards small where the embedded database reads every card
 * (docs/search.md).
 */
export function matchTokens(words: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const word of words) {
    const l = loose(word);
    out.add(l);
    const stem = looseStem(word);
    if (stem !== undefined && stem !== l) out.add(STEM_MARK + stem);
  }
  return [...out];
}

export interface QueryTerm {
  /** What the person typed, canonical: ranks exact-letter matches first. */
  canonical: string;
  /** The loose form: the card must hold it, as a word or (with `prefix`) as the beginning of one. */
  loose: string;
  prefix: boolean;
  /**
   * The loose stem, for words that have one: a card also matches when one of its words has the same stem
   * (it holds `~stem`, or the stem as a word of its own). "отпуска" finds "отпусков".
   */
  stem?: string;
}

/**
 * The tokens a card holds when it has a word of the term's stem (empty when the term has no stem): the marked
 * stem, and the stem as a word of its own unless the term's word or prefix condition already covers it.
 */
export function stemTokens(term: QueryTerm): string[] {
  if (term.stem === undefined) return [];
  const covered = term.prefix ? term.stem.startsWith(term.loose) : term.stem === term.loose;
  return covered ? [STEM_MARK + term.stem] : [term.stem, STEM_MARK + term.stem];
}

/** One key per distinct matching condition, to drop repeated terms. */
export const termKey = (t: QueryTerm): string => `${t.prefix}:${t.loose}:${t.stem ?? ''}`;

/** The terms of a query; all must match (AND). Empty when the query has no searchable word. */
export function queryTerms(query: string): QueryTerm[] {
  const words = [...new Set(wordsOf(query, { parts: false }))];
  const content = words.filter((w) => !QUERY_STOP_WORDS.has(w));
  return (content.length ? content : words).slice(0, MAX_QUERY_TERMS).map((w) => {
    const l = loose(w);
    const term: QueryTerm = { canonical: w, loose: l, prefix: l.length >= MIN_PREFIX };
    const stem = looseStem(w);
    if (stem !== undefined) term.stem = stem;
    return term;
  });
}
