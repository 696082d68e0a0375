/**
 * Keeps a card's search record (db/models/document-search.ts) in step with the card. Called after every
 * write that changes what a card is found by or who sees it: `recordTransition` (a new card's first
 * projection, status, registration, participants, resolutions, deadlines), a card edit, a repeated create
 * and a transfer of authorship. Idempotent: it always recomputes from the card as it is now, so calling it
 * again, late or twice, converges. Every write is followed by an entry in the change feed (search-feed.ts),
 * which the in-memory search index of every API process follows.
 */
import type { Models } from '../../db/models';
import { isDuplicateKey } from '../journals/sequence-claim';
import { createJournalOfDocument } from '../documents/document-visibility';
import { sharedSearchFeed } from './search-feed';
import { layoutOf, storedList, type SearchLayout } from './search-layout';
import { namedPeople, projectSearch, type SearchableCard, type SearchRecord } from './search-projection';
import { TOKENIZER_VERSION } from './tokenizer';

export type SearchIndexerModels = Pick<Models, 'Document' | 'DocumentSearch' | 'Employee' | 'RouteVersion' | 'Registration'>;

/** The record's word lists in the layout of the database. */
export function laidOut(record: SearchRecord, layout: SearchLayout) {
  const { tokens, viewerIds, executorIds, controlTypes } = record;
  return {
    tokens: storedList(tokens, layout),
    viewerIds: storedList(viewerIds, layout),
    executorIds: storedList(executorIds, layout),
    controlTypes: storedList(controlTypes, layout),
  };
}

/** How long a person's name is taken from memory: a rename reaches new search records within this time. */
const NAME_TTL_MS = 5 * 60_000;
/** Names kept at most (a large organisation's active staff); the oldest go first. */
const NAME_CACHE_MAX = 20_000;

/**
 * Full names by employee id, from memory when recently read: every record names its people, and a lookup
 * per person per transition was most of the indexer's round-trips. Misses are read by `_id`, side by side
 * (a `$in` reads every employee on the embedded database).
 */
function createNameCache(Employee: SearchIndexerModels['Employee'], now: () => number = Date.now) {
  const names = new Map<string, { name: string | undefined; at: number }>();
  return async function namesOf(ids: string[]): Promise<Map<string, string>> {
    const t = now();
    const missing = ids.filter((id) => {
      const hit = names.get(id);
      return !hit || t - hit.at > NAME_TTL_MS;
    });
    const read = await Promise.all(missing.map((id) => Employee.findById(id, { fullName: 1 }).lean()));
    missing.forEach((id, i) => {
      names.delete(id); // re-inserted last: the Map's order is the eviction order
      names.set(id, { name: read[i]?.fullName ?? undefined, at: t });
    });
    while (names.size > NAME_CACHE_MAX) names.delete(names.keys().next().value as string);
    return new Map(ids.flatMap((id) => {
      const name = names.get(id)?.name;
      return name === undefined ? [] : [[id, name] as const];
    }));
  };
}

export interface IndexCardOptions {
  /** The registration's sequence number in its journal, when registered (for number ranges). */
  registrationSeq?: number;
}

export function createSearchIndexer(models: SearchIndexerModels, options: { layout?: SearchLayout } = {}) {
  const journalOf = createJournalOfDocument(models);
  const feed = sharedSearchFeed(models.DocumentSearch.db);
  const layout = (): Promise<SearchLayout> => (options.layout ? Promise.resolve(options.layout) : layoutOf(models.DocumentSearch.db));
  const namesOf = createNameCache(models.Employee);

  /**
   * Writes the search record of a card the caller holds in memory (the projection computes the card from the
   * transition) and appends it to the change feed: no read of the card.
   * The caller orders its writes (the projection writes only for a state not older than the card's).
   */
  async function indexCard(card: SearchableCard, opts: IndexCardOptions = {}): Promise<void> {
    const [names, journal, tokenLayout] = await Promise.all([
      namesOf(namedPeople(card)),
      journalOf({ ...card, participantIds: card.participantIds ?? [] }),
      layout(),
    ]);
    const record = projectSearch(card, { names, journal, registrationSeq: opts.registrationSeq });
    const { _id, ...fields } = { ...record, ...laidOut(record, tokenLayout), layout: tokenLayout };
    const present = Object.entries(fields).filter(([, v]) => v !== undefined);
    const gone = Object.entries(fields).filter(([, v]) => v === undefined).map(([k]) => [k, 1]);
    const update = { $set: Object.fromEntries(present), ...(gone.length && { $unset: Object.fromEntries(gone) }) };
    try {
      await models.DocumentSearch.updateOne({ _id }, update, { upsert: true });
    } catch (error) {
      // Another writer inserted the record between our upsert's lookup and its insert: update it.
      if (!isDuplicateKey(error)) throw error;
      await models.DocumentSearch.updateOne({ _id }, update);
    }
    await feed.append(card._id);
  }

  /**
   * Recomputes and stores the search record of one card (removes it when the card is gone), then appends the
   * card to the change feed (search-feed.ts) so every in-memory index re-reads it. The record is read and
   * written by `_id` alone — the only query the embedded FerretDB v1 does not answer by reading the whole
   * collection. A record computed from a newer card (`cardUpdatedAt`) is not replaced: a slow indexer does
   * not store what it read from an older card over what another read from a newer one. This ordering is best
   * effort (read, compare, write): FerretDB has no atomic conditional update anyway, and two indexers racing
   * within one write both recompute from the card, so the later call of the later change wins.
   */
  async function reindex(documentId: string): Promise<void> {
    await store(documentId);
    // Always, even when nothing was written: a caller retrying after a crash between write and append
    // thereby still tells the readers.
    await feed.append(documentId);
  }

  async function store(documentId: string): Promise<void> {
    const card = await models.Document.findById(documentId).lean<SearchableCard & { updatedAt?: Date; createdAt?: Date }>();
    if (!card) {
      await models.DocumentSearch.deleteOne({ _id: documentId });
      return;
    }
    // The projection keeps the registration's seq on the card; only a card registered before that reads it.
    const keptSeq = typeof card.registration?.seq === 'number' ? card.registration.seq : undefined;
    const [names, journal, registration, tokenLayout] = await Promise.all([
      namesOf(namedPeople(card)),
      journalOf({ ...card, participantIds: card.participantIds ?? [] }),
      card.registration?.number && keptSeq === undefined ? models.Registration.findById(documentId, { seq: 1 }).lean() : null,
      layout(),
    ]);
    const record = projectSearch(card, { names, journal, registrationSeq: keptSeq ?? registration?.seq });
    const { _id, ...fields } = { ...record, ...laidOut(record, tokenLayout), layout: tokenLayout };
    const entries = Object.entries(fields);
    // Replaces every field, clearing those the card no longer has (e.g. a deadline met).
    const gone = entries.filter(([, v]) => v === undefined).map(([k]) => [k, 1]);
    const update = { $set: Object.fromEntries(entries.filter(([, v]) => v !== undefined)), ...(gone.length && { $unset: Object.fromEntries(gone) }) };
    for (let attempt = 0; ; attempt++) {
      const stored = await models.DocumentSearch.findById(_id, { cardUpdatedAt: 1 }).lean();
      if (stored?.cardUpdatedAt && stored.cardUpdatedAt.getTime() > record.cardUpdatedAt.getTime()) return;
      try {
        await models.DocumentSearch.updateOne({ _id }, update, { upsert: true });
        return;
      } catch (error) {
        // Another indexer inserted the record between our read and our upsert: compare again, once.
        if (!isDuplicateKey(error) || attempt > 0) throw error;
      }
    }
  }

  /**
   * Indexes every card that has no search record of this tokenizer version and layout (cards from before
   * search existed, an older tokenizer, a database moved between MongoDB and the embedded one), in batches.
   * Returns how many it indexed.
   */
  async function reindexStale(options: { batchSize?: number; onProgress?: (done: number) => void } = {}): Promise<number> {
    const batchSize = options.batchSize ?? 500;
    const current = { version: TOKENIZER_VERSION, layout: await layout() };
    let done = 0;
    let after = '';
    for (;;) {
      const cards = await models.Document.find({ _id: { $gt: after } }, { _id: 1 }).sort({ _id: 1 }).limit(batchSize).lean();
      if (!cards.length) return done;
      after = cards[cards.length - 1]._id;
      for (const { _id } of cards) {
        // By `_id`, one at a time: a `$in` reads the whole collection on the embedded database.
        const stored = await models.DocumentSearch.findById(_id, { version: 1, layout: 1 }).lean();
        if (stored?.version === current.version && stored.layout === current.layout) continue;
        await reindex(_id);
        done++;
      }
      options.onProgress?.(done);
    }
  }

  return { reindex, indexCard, reindexStale };
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>;
