/**
 * How the word lists of `document_search` (tokens, viewerIds, executorIds, controlTypes) are laid out, chosen
 * by the database behind the connection:
 *
 * - "array" (MongoDB): one element per word. Multikey indexes answer a word by equality and a prefix by an
 *   anchored literal regular expression, both as index range scans.
 * - "joined" (the embedded FerretDB v1): one element holding all words, space-separated. FerretDB v1 uses no
 *   secondary index (only `_id` lookups are pushed down to SQLite) and spends about 8 µs per array element
 *   on every document it reads; a joined string costs almost nothing. Words are then matched by a regular
 *   expression at word boundaries.
 *
 * Both layouts answer the same questions; only the stored form and the conditions differ. Every condition
 * on these fields goes through this file.
 */
import type { Connection } from 'mongoose';

export type SearchLayout = 'array' | 'joined';

const detected = new WeakMap<Connection, Promise<SearchLayout>>();

/** FerretDB identifies itself in buildInfo (`ferretdbVersion`); anything else is taken for MongoDB. */
export function layoutOf(connection: Connection): Promise<SearchLayout> {
  let layout = detected.get(connection);
  if (!layout) {
    layout = (async () => {
      const info = await connection.asPromise().then((c) => c.db!.admin().command({ buildInfo: 1 }));
      return 'ferretdbVersion' in info ? 'joined' : 'array';
    })();
    // A failed probe (database briefly away) is asked again next time instead of being remembered.
    layout.catch(() => detected.delete(connection));
    detected.set(connection, layout);
  }
  return layout;
}

/** A list of words (tokens, person ids, control types) as stored in the layout. */
export function storedList(values: readonly string[], layout: SearchLayout): string[] {
  if (layout === 'array') return [...values];
  return values.length ? [values.join(' ')] : [];
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneOf = (values: readonly string[]): string => `(?:^| )(?:${values.map(escapeRegex).join('|')})(?: |$)`;

/** The condition on `tokens` for one word: whole (`prefix` false) or as the beginning of a word. */
export function tokenCondition(word: string, prefix: boolean, layout: SearchLayout): unknown {
  const literal = escapeRegex(word);
  if (layout === 'array') return prefix ? { $regex: `^${literal}` } : word;
  return { $regex: `(?:^| )${literal}${prefix ? '' : '(?: |$)'}` };
}

/**
 * The condition on `tokens` for one query term: the word (whole or as a prefix, as `tokenCondition`), or any
 * of `exact` as a whole token (its stem tokens, tokenizer `stemTokens`).
 */
export function termCondition(word: string, prefix: boolean, exact: readonly string[], layout: SearchLayout): Record<string, unknown> {
  if (exact.length === 0) return { tokens: tokenCondition(word, prefix, layout) };
  if (layout === 'array') return { $or: [{ tokens: tokenCondition(word, prefix, layout) }, { tokens: { $in: [...exact] } }] };
  const whole = `(?:^| )${escapeRegex(word)}${prefix ? '' : '(?: |$)'}`;
  return { tokens: { $regex: `${whole}|${oneOf(exact)}` } };
}

/** The list holds at least one of the values. */
export function anyOf(values: readonly string[], layout: SearchLayout): unknown {
  if (layout === 'array') return values.length === 1 ? values[0] : { $in: [...values] };
  return { $regex: oneOf(values) };
}

/** The list holds none of the values (an empty or missing list too). */
export function noneOf(values: readonly string[], layout: SearchLayout): unknown {
  if (layout === 'array') return { $nin: [...values] };
  return { $not: new RegExp(oneOf(values)) };
}
