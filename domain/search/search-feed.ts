/**
 * The change feed of the search records: after writing (or deleting) a record, the indexer appends the card's
 * id here; an in-memory search index (api/services/search-memory-index.ts) reads the entries after the last
 * one it applied and re-reads those records, so every API process follows every writer.
 *
 * Entries are numbered 1, 2, 3 … without gaps, by the rule of domain/journals/sequence-claim.ts: a number
 * is inserted only when the one before it exists (the first guess is the tip found by lookups, and after a
 * duplicate-key conflict on n, n is proven taken). So "entry n exists" holds exactly for n ≤ tip, and both the
 * tip and the next entry are found by `_id` lookups alone — the only query the embedded FerretDB v1 answers
 * without reading the whole collection (docs/search.md). A reader stops at the first number not there yet;
 * a writer that took a lower number but has not finished inserting delays the entries after it for as long
 * as its insert takes, never longer.
 */
import type { Connection } from 'mongoose';
import { lastTakenPosition } from '../../db/last-taken-position';
import { documentSearchFeedModelOf } from '../../db/models/document-search';
import { isDuplicateKey } from '../journals/sequence-claim';

export interface SearchFeedEntry {
  seq: number;
  documentId: string;
}

/** More conflicts than this in one append means something is wrong (each conflict re-reads the tip). */
const MAX_APPEND_ATTEMPTS = 1000;

export function createSearchFeed(connection: Connection) {
  const feed = documentSearchFeedModelOf(connection).collection;
  /** The next number this process expects to be free: saves the tip lookups on every append but the first. */
  let nextGuess: number | undefined;

  async function read(seq: number): Promise<SearchFeedEntry | null> {
    const entry = await feed.findOne<{ documentId: string }>({ _id: String(seq) as never }, { projection: { documentId: 1 } });
    return entry ? { seq, documentId: entry.documentId } : null;
  }

  const exists = async (seq: number): Promise<boolean> => (await feed.findOne({ _id: String(seq) as never }, { projection: { _id: 1 } })) !== null;

  /** The highest number taken, probed from `from` (a number known to be taken, or 0): db/last-taken-position.ts. */
  async function tip(from = 0): Promise<number> {
    const last = await lastTakenPosition(async (seq) => ((await exists(seq)) ? true : null), { position: from, value: true });
    return last.position;
  }

  /** Appends an entry for the card and returns its number. */
  async function append(documentId: string): Promise<number> {
    let seq = nextGuess ?? (await tip()) + 1;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      try {
        await feed.insertOne({ _id: String(seq) as never, documentId, at: new Date() });
        nextGuess = seq + 1;
        return seq;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        seq = (await tip(seq)) + 1;
      }
    }
    throw new Error(`search feed: no free number after ${MAX_APPEND_ATTEMPTS} attempts`);
  }

  return { read, tip, append };
}

export type SearchFeed = ReturnType<typeof createSearchFeed>;
