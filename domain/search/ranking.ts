/**
 * Relevance of a card to a query, from the field-tagged words the card stores (`search.words`). Pure.
 *
 * Each term scores its best match on the card: field weight × match quality. A registration number beats a
 * title, a title beats a name, a name beats body text; an exact word beats a prefix, and an exact letter
 * beats a folded one ("құжат" typed finds "кужат" too, but below "құжат"), and another form of the same word
 * (same stem) comes below both. The sum over terms ranks the
 * cards; ties go to the most recently changed card.
 */
import { SEARCH_FIELDS, type SearchField } from './search-projection';
import { loose, looseStem, type QueryTerm } from './tokenizer';

export const FIELD_WEIGHTS: Readonly<Record<SearchField, number>> = { number: 10, title: 5, correspondent: 3, people: 3, text: 1.5, links: 4 };

/** Match qualities: exact word, folded exact (қ→к), prefix, folded prefix. A prefix earns more as it covers more of the word. */
const EXACT = 1;
const LOOSE_EXACT = 0.8;
const PREFIX = 0.6;
const LOOSE_PREFIX = 0.5;
/** Another form of the same word ("отпуска" for "отпусков"): below an exact or a long prefix match. */
const SAME_STEM = 0.55;
/** Every term in the title: the query most likely names the document. */
const ALL_IN_TITLE_BONUS = 3;

const FIELD_OF_TAG = new Map<string, SearchField>(Object.entries(SEARCH_FIELDS).map(([field, tag]) => [tag, field as SearchField]));

function quality(term: QueryTerm, word: string): number {
  const q = wordQuality(term, word);
  if (q >= SAME_STEM || term.stem === undefined) return q;
  return loose(word) === term.stem || looseStem(word) === term.stem ? SAME_STEM : q;
}

function wordQuality(term: QueryTerm, word: string): number {
  if (word === term.canonical) return EXACT;
  // Short terms match whole words only (as in the filter): "5" is not a part of "50".
  if (!term.prefix) return loose(word) === term.loose ? LOOSE_EXACT : 0;
  if (word.startsWith(term.canonical)) return PREFIX * (0.6 + (0.4 * term.canonical.length) / word.length);
  // Folding maps letter to letter, so a shorter word can never match: skip folding it.
  if (word.length < term.loose.length) return 0;
  const folded = loose(word);
  if (folded === term.loose) return LOOSE_EXACT;
  if (folded.startsWith(term.loose)) return LOOSE_PREFIX * (0.6 + (0.4 * term.loose.length) / folded.length);
  return 0;
}

export interface Relevance {
  score: number;
  /** The fields in which some term matched, best first. */
  matched: SearchField[];
}

/** `words`: the card's `search.words`, space-separated `<field tag>:<canonical word>`. */
export function relevance(terms: readonly QueryTerm[], words: string): Relevance {
  return createScorer(terms)(words.split(' ').filter(Boolean));
}

/**
 * Scores cards for one query, given each card's field-tagged words as a list. The quality of a term against
 * a word is remembered across cards: the same words recur on thousands of cards, and the in-memory index
 * ranks up to RANKED_CANDIDATES of them per query.
 */
export function createScorer(terms: readonly QueryTerm[]): (tagged: readonly string[]) => Relevance {
  const memo = terms.map(() => new Map<string, number>());
  const qualityOf = (t: number, word: string): number => {
    let q = memo[t].get(word);
    if (q === undefined) {
      q = quality(terms[t], word.slice(2));
      memo[t].set(word, q);
    }
    return q;
  };
  return (tagged) => {
    const fieldScores = new Map<SearchField, number>();
    let score = 0;
    let inTitle = 0;
    const fields = tagged.map((word) => FIELD_OF_TAG.get(word.charAt(0)));
    for (let t = 0; t < terms.length; t++) {
      let best = 0;
      let titleHit = false;
      for (let w = 0; w < tagged.length; w++) {
        const field = fields[w];
        if (!field) continue;
        const q = qualityOf(t, tagged[w]);
        if (q === 0) continue;
        const s = FIELD_WEIGHTS[field] * q;
        if (field === 'title') titleHit = true;
        fieldScores.set(field, Math.max(fieldScores.get(field) ?? 0, s));
        if (s > best) best = s;
      }
      score += best;
      if (titleHit) inTitle++;
    }
    if (terms.length > 1 && inTitle === terms.length) score += ALL_IN_TITLE_BONUS;
    const matched = [...fieldScores.entries()].sort((a, b) => b[1] - a[1]).map(([f]) => f);
    return { score: Math.round(score * 1000) / 1000, matched };
  };
}
