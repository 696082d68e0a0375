/**
 * Which words of a text a query matched, for highlighting a hit: the words the search filter would have
 * matched on the card (whole word, beginning of a word for longer terms, or a word of the same stem), as
 * offsets into the text as written. Pure.
 */
import { canonical, loose, looseStem, type QueryTerm } from './tokenizer';

/** A marked span of the text: [start, end) in UTF-16 code units, as JavaScript and the browser count. */
export type Mark = [number, number];

/** Words with their joiners, as the tokenizer reads them, in the text as written (marks and format characters inside). */
const WORD = /[\p{L}\p{N}\p{M}\p{Cf}]+(?:[-/.][\p{L}\p{N}\p{M}\p{Cf}]+)*/gu;
const PART = /[\p{L}\p{N}\p{M}\p{Cf}]+/gu;

/** The mirror of search-filters `termsFilter` for one canonical word. */
export function wordMatches(term: QueryTerm, word: string): boolean {
  const l = loose(word);
  if (l === term.loose || (term.prefix && l.startsWith(term.loose))) return true;
  return term.stem !== undefined && (l === term.stem || looseStem(word) === term.stem);
}

/** The spans of `text` that some term matched, in order, not overlapping. */
export function marksOf(text: string, terms: readonly QueryTerm[]): Mark[] {
  if (terms.length === 0) return [];
  const out: Mark[] = [];
  const hit = (written: string) => {
    const word = canonical(written);
    return terms.some((t) => wordMatches(t, word));
  };
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    if (hit(match[0])) {
      out.push([start, start + match[0].length]);
      continue;
    }
    // A compound ("Иванов-Петров", "01-12/345") is also found by its parts.
    if (match[0].length === match[0].match(PART)?.[0].length) continue;
    for (const part of match[0].matchAll(PART)) {
      if (hit(part[0])) out.push([start + (part.index ?? 0), start + (part.index ?? 0) + part[0].length]);
    }
  }
  return out;
}
