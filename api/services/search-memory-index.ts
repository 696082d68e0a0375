/**
 * An in-memory copy of `document_search` in the API process, answering the same questions as the database
 * path of search-service.ts (same matching, visibility, criteria, order, paging and totals) without reading
 * every record per query — which is what the embedded FerretDB v1 does for any filter but `{_id}` alone
 * (docs/search.md).
 *
 * - Loaded once by streaming the whole collection; the feed tip (domain/search/search-feed.ts) is read
 *   first, so every change after the read is in the entries after that tip.
 * - Kept in step by the feed: before answering, it reads the entries after the last one applied (by `_id`)
 *   and re-reads those records (by `_id`). A change whose indexing finished before a request began is thus
 *   in that request's answer, in every API process.
 * - Cards are numbered by ordinals; an update gives the card a new ordinal and leaves the old one dead in the
 *   posting lists (skipped when read, dropped when the dead outnumber the living). Posting lists are growable
 *   Int32Arrays in ascending ordinal order; a card's ranking words are ids into one shared vocabulary.
 *
 * This file loads the store and follows the feed; the store and its parts are in `search-memory/` (the card,
 * the posting lists, the viewer, the orders, the criteria and the store itself).
 */
import type { DocumentSearchModel } from '../../db/models/document-search';
import { createSearchFeed, type SearchFeed } from '../../domain/search/search-feed';
import { SearchStore } from './search-memory/store';

/** Records read when loading and when following the feed: everything but the bookkeeping. */
const STORED_FIELDS = { version: 0, layout: 0 } as const;
/** Feed entries read at once when the first one after the position exists (a backlog). */
const FEED_WINDOW = 32;

/**
 * The store, loaded from `document_search` and kept in step with it through the feed. `current()` answers
 * with the store caught up to the feed, or undefined while it cannot (not loaded, or the load failed): the
 * caller then asks the database.
 */
export function createSearchMemoryIndex(DocumentSearch: DocumentSearchModel, options: { onError?: (error: unknown) => void } = {}) {
  const records = DocumentSearch.collection;
  const feed: SearchFeed = createSearchFeed(DocumentSearch.db);
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

  async function drain(): Promise<void> {
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
      return loaded;
    },
  };
}

export type SearchMemoryIndex = ReturnType<typeof createSearchMemoryIndex>;
