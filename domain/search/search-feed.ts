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
 *
 * Trimming: every reader (an in-memory index) registers the last entry it applied; `trim` removes the entries
 * every live reader has consumed. The number trimmed through is recorded first (an insert of that number into
 * `document_search_feed_trim`, so it only ever grows: the highest row wins), and the tip is then probed from it —
 * so numbering goes on without reusing a removed number. A reader that stopped reporting (a stopped API process)
 * stops holding the feed back after `staleAfterMs`; its registration is removed, and if it comes back it sees
 * that and reloads the whole index instead of missing what was trimmed.
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

/** A reader that has not reported for this long no longer holds the feed back. */
export const DEFAULT_READER_STALE_MS = 60 * 60_000;
/** Entries removed by one `trim` at most (one keyed delete each). */
const TRIM_BATCH = 2000;

export function createSearchFeed(connection: Connection) {
  const feed = documentSearchFeedModelOf(connection).collection;
  const readers = connection.collection<{ _id: string; position: number; at: Date }>('document_search_feed_readers');
  const trims = connection.collection<{ _id: string; through: number }>('document_search_feed_trim');
  /** The next number this process expects to be free: saves the tip lookups on every append but the first. */
  let nextGuess: number | undefined;

  async function read(seq: number): Promise<SearchFeedEntry | null> {
    const entry = await feed.findOne<{ documentId: string }>({ _id: String(seq) as never }, { projection: { documentId: 1 } });
    return entry ? { seq, documentId: entry.documentId } : null;
  }

  const exists = async (seq: number): Promise<boolean> => (await feed.findOne({ _id: String(seq) as never }, { projection: { _id: 1 } })) !== null;

  /** Every entry up to this number has been removed (or never needed keeping): a handful of rows, highest wins. */
  async function trimmedThrough(): Promise<number> {
    let through = 0;
    for (const row of await trims.find({}).toArray()) through = Math.max(through, row.through);
    return through;
  }

  /** The highest number taken, probed from `from` (a number known to be taken, or 0): db/last-taken-position.ts. */
  async function tip(from = 0): Promise<number> {
    const start = Math.max(from, await trimmedThrough());
    const last = await lastTakenPosition(async (seq) => ((await exists(seq)) ? true : null), { position: start, value: true });
    return last.position;
  }

  /**
   * A reader says which entry it has applied. False when its registration had been removed as stale: entries it
   * has not read may be gone, so it must reload everything.
   */
  async function register(readerId: string, position: number, isNew = false): Promise<boolean> {
    if (isNew) {
      await readers.updateOne({ _id: readerId }, { $set: { position, at: new Date() } }, { upsert: true });
      return true;
    }
    return (await readers.updateOne({ _id: readerId }, { $set: { position, at: new Date() } })).matchedCount === 1;
  }

  async function unregister(readerId: string): Promise<void> {
    await readers.deleteOne({ _id: readerId });
  }

  /** Removes the entries every live reader has applied; returns how many. */
  async function trim(options: { staleAfterMs?: number; now?: Date } = {}): Promise<number> {
    const now = options.now ?? new Date();
    const live: number[] = [];
    for (const reader of await readers.find({}).toArray()) {
      if (now.getTime() - reader.at.getTime() > (options.staleAfterMs ?? DEFAULT_READER_STALE_MS)) await readers.deleteOne({ _id: reader._id });
      else live.push(reader.position);
    }
    if (live.length === 0) return 0; // nobody has said what they read: keep everything
    const from = await trimmedThrough();
    const through = Math.min(Math.min(...live), from + TRIM_BATCH);
    if (through <= from) return 0;
    try {
      await trims.insertOne({ _id: String(through), through });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    for (let seq = from + 1; seq <= through; seq++) await feed.deleteOne({ _id: String(seq) as never });
    // Older marks are implied by this one.
    for (const row of await trims.find({}).toArray()) if (row.through < through) await trims.deleteOne({ _id: row._id });
    return through - from;
  }

  /**
   * Group commit: appends made while a batch is being written go together into the next one, as one ordered
   * insert of consecutive numbers — concurrent projections in this process would otherwise all try the same
   * number and conflict with each other. An ordered insert stops at its first refused number, so the numbers
   * before it are in and the rest go on from the new tip.
   */
  let waiting: Array<{ documentId: string; resolve: (seq: number) => void; reject: (e: unknown) => void }> = [];
  let draining = false;

  async function writeBatch(batch: typeof waiting): Promise<void> {
    let pending = batch;
    let guessed = nextGuess !== undefined;
    let seq = nextGuess ?? (await tip()) + 1;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS && pending.length; attempt++) {
      const at = new Date();
      const entries = pending.map((p, i) => ({ _id: String(seq + i) as never, documentId: p.documentId, at }));
      // A remembered guess follows this process's own last entry, seq - 1; if a trim has removed that entry since,
      // the guessed numbers may have been freed by the trim rather than unused — every reader is past them. The
      // insert itself tells which: seq - 1 goes last in the same ordered insert, after the entries, and its
      // duplicate key says it is still there (so none of the entries was trimmed: a trim removes numbers in
      // ascending order). Inserted instead, it was gone: everything just inserted is taken back and numbered
      // after the tip. (A crash before taking it back leaves that one row below the trimmed mark, which no
      // reader reads again; it only takes room.)
      const checked = guessed && seq > 1;
      const sentinel = { _id: String(seq - 1) as never, documentId: pending[0].documentId, at };
      let inserted = pending.length; // entries in (the sentinel not counted)
      let sentinelIn = checked;
      try {
        await feed.insertMany(checked ? [...entries, sentinel] : entries, { ordered: true });
      } catch (error) {
        const raw = (error as { writeErrors?: unknown }).writeErrors;
        const first = (Array.isArray(raw) ? raw[0] : raw) as { index?: number; code?: number } | undefined;
        if (!isDuplicateKey(error) && first?.code !== 11000) throw error;
        inserted = Math.min(typeof first?.index === 'number' ? first.index : 0, pending.length);
        sentinelIn = false;
      }
      const conflict = inserted < pending.length;
      // A conflict on an entry stopped the insert before the sentinel: then seq - 1 is asked with one lookup.
      const trimmedPast = checked && inserted > 0 && (sentinelIn || (conflict && !(await exists(seq - 1))));
      if (trimmedPast) {
        for (let i = 0; i < inserted; i++) await feed.deleteOne({ _id: String(seq + i) as never });
        if (sentinelIn) await feed.deleteOne({ _id: String(seq - 1) as never });
        guessed = false;
        nextGuess = undefined;
        seq = (await tip()) + 1;
        continue;
      }
      pending.slice(0, inserted).forEach((p, i) => p.resolve(seq + i));
      if (!conflict) {
        nextGuess = seq + pending.length;
        return;
      }
      // Numbers taken by another writer: the rest go on from the tip.
      pending = pending.slice(inserted);
      nextGuess = undefined;
      guessed = false;
      seq = (await tip(seq + inserted)) + 1;
    }
    if (pending.length) throw new Error(`search feed: no free number after ${MAX_APPEND_ATTEMPTS} attempts`);
  }

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (waiting.length) {
        const batch = waiting;
        waiting = [];
        try {
          await writeBatch(batch);
        } catch (error) {
          nextGuess = undefined;
          for (const b of batch) b.reject(error); // settled ones ignore it
        }
      }
    } finally {
      draining = false;
    }
  }

  /** Appends an entry for the card and returns its number. */
  function append(documentId: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      waiting.push({ documentId, resolve, reject });
      void drain();
    });
  }

  return { read, tip, append, register, unregister, trim, trimmedThrough };
}

export type SearchFeed = ReturnType<typeof createSearchFeed>;

const shared = new WeakMap<Connection, SearchFeed>();

/** The one writer of a database's feed in this process (the API and the worker share it under `npm start`). */
export function sharedSearchFeed(connection: Connection): SearchFeed {
  let feed = shared.get(connection);
  if (!feed) shared.set(connection, (feed = createSearchFeed(connection)));
  return feed;
}
