/**
 * Keeps a card's search record (db/models/document-search.ts) in step with the card. Called after every
 * write that changes what a card is found by or who sees it: document creation, `recordTransition`
 * (status, registration, participants, resolutions, deadlines) and a transfer of authorship. Idempotent: it
 * always recomputes from the card as it is now, so calling it again, late or twice, converges.
 */
import type { Models } from '../../db/models';
import { isDuplicateKey } from '../journals/sequence-claim';
import { createJournalOfDocument } from '../documents/document-visibility';
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

export function createSearchIndexer(models: SearchIndexerModels, options: { layout?: SearchLayout } = {}) {
  const journalOf = createJournalOfDocument(models);
  const layout = (): Promise<SearchLayout> => (options.layout ? Promise.resolve(options.layout) : layoutOf(models.DocumentSearch.db));

  /**
   * Recomputes and stores the search record of one card; removes it when the card is gone. The write only
   * replaces a record computed from the same or an older card (`cardUpdatedAt`), so a slow indexer never
   * stores what it read from an older card over what another read from a newer one.
   */
  async function reindex(documentId: string): Promise<void> {
    const card = await models.Document.findById(documentId).lean<SearchableCard & { updatedAt?: Date; createdAt?: Date }>();
    if (!card) {
      await models.DocumentSearch.deleteOne({ _id: documentId });
      return;
    }
    const [people, journal, registration, tokenLayout] = await Promise.all([
      models.Employee.find({ _id: { $in: namedPeople(card) } }, { fullName: 1 }).lean(),
      journalOf({ ...card, participantIds: card.participantIds ?? [] }),
      card.registration?.number ? models.Registration.findById(documentId, { seq: 1 }).lean() : null,
      layout(),
    ]);
    const record = projectSearch(card, { names: new Map(people.map((p) => [p._id, p.fullName])), journal, registrationSeq: registration?.seq });
    const { _id, ...fields } = { ...record, ...laidOut(record, tokenLayout), layout: tokenLayout };
    const entries = Object.entries(fields);
    // Replaces every field, clearing those the card no longer has (e.g. a deadline met).
    const gone = entries.filter(([, v]) => v === undefined).map(([k]) => [k, 1]);
    try {
      await models.DocumentSearch.updateOne(
        { _id, $or: [{ cardUpdatedAt: { $lte: record.cardUpdatedAt } }, { cardUpdatedAt: { $exists: false } }] },
        { $set: Object.fromEntries(entries.filter(([, v]) => v !== undefined)), ...(gone.length && { $unset: Object.fromEntries(gone) }) },
        { upsert: true },
      );
    } catch (error) {
      // The upsert found a record computed from a newer card, and so tried to insert: nothing to do.
      if (!isDuplicateKey(error)) throw error;
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
      const fresh = new Set(
        (await models.DocumentSearch.find({ _id: { $in: cards.map((c) => c._id) }, ...current }, { _id: 1 }).lean()).map((r) => r._id),
      );
      for (const { _id } of cards) {
        if (fresh.has(_id)) continue;
        await reindex(_id);
        done++;
      }
      options.onProgress?.(done);
    }
  }

  return { reindex, reindexStale };
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>;
