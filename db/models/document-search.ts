/**
 * The search index of the document cards: one small record per card (`_id` = the document id), written only
 * by the search indexer (domain/search/search-indexer.ts) from the card, read only by search. It holds
 * what a hit shows, what it is found by, who may see it and what advanced search filters on, so a search
 * never reads the cards themselves (see docs/search.md for why it is not on the card).
 *
 * Flat on purpose: the embedded database pays for every subdocument and array element on every read (see
 * domain/search/search-layout.ts). A compound index may hold at most one array field (MongoDB refuses
 * "parallel arrays" at insert time), so every array below is indexed alone or beside scalars only.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { DOCUMENT_STATUSES } from '../../domain/documents/document-state';

export const SEARCH_LAYOUTS = ['array', 'joined'] as const;

const documentSearchSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The tokenizer version and token layout it was written with: others are re-indexed. */
    version: { type: Number, required: true },
    layout: { type: String, enum: SEARCH_LAYOUTS, required: true },
    /** The card's `updatedAt` this record was computed from: an older computation never overwrites a newer one. */
    cardUpdatedAt: { type: Date, required: true },

    // What a hit shows (copied from the card).
    type: { type: String, required: true },
    title: { type: String, required: true },
    language: { type: String },
    status: { type: String, enum: DOCUMENT_STATUSES, required: true },
    authorId: { type: String, required: true },
    draftNumber: { type: String },
    correspondent: { type: String },
    createdAt: { type: Date, required: true },
    registrationJournal: { type: String },
    registrationNumber: { type: String },
    registeredAt: { type: Date },
    /** The sequence number in its journal, for number ranges. */
    registrationSeq: { type: Number },

    /**
     * Loose-folded words: one multikey index answers "which cards hold this word, or a word beginning so".
     * This and the other lists below hold one space-joined string in the "joined" layout (search-layout.ts).
     */
    tokens: { type: [String], default: [] },
    /** `<field tag>:<canonical word>`, space-separated: what ranking reads. */
    words: { type: String, default: '' },
    /** Who sees the document as a participant (document-visibility `peopleOf`). */
    viewerIds: { type: [String], default: [] },
    /** The journal it belongs to (registration, or its route's registration stage): registrars see it. */
    visibleJournal: { type: String },
    executorIds: { type: [String], default: [] },
    controlTypes: { type: [String], default: [] },
    /** The earliest deadline still running; absent when nothing is due. */
    openDueAt: { type: Date },
    /** The correspondent, loose-folded, for "contains" filters. */
    correspondentKey: { type: String },
  },
  { versionKey: false, minimize: false },
);
documentSearchSchema.index({ tokens: 1 });
// Visibility first (every search filters by it), most recently changed first within it.
documentSearchSchema.index({ viewerIds: 1, cardUpdatedAt: -1 });
documentSearchSchema.index({ visibleJournal: 1, cardUpdatedAt: -1 });
documentSearchSchema.index({ registrationJournal: 1, registrationSeq: 1 });
documentSearchSchema.index({ registeredAt: -1 });
documentSearchSchema.index({ executorIds: 1 });
documentSearchSchema.index({ openDueAt: 1 });
documentSearchSchema.index({ authorId: 1, createdAt: -1 });
documentSearchSchema.index({ status: 1, createdAt: -1 });
documentSearchSchema.index({ type: 1, createdAt: -1 });
documentSearchSchema.index({ createdAt: -1 });
// Records of an older tokenizer or layout are found and re-indexed.
documentSearchSchema.index({ version: 1, layout: 1 });

export type DocumentSearchRecord = InferSchemaType<typeof documentSearchSchema>;
export type DocumentSearchModel = Model<DocumentSearchRecord>;

export function createDocumentSearchModel(connection: Connection): DocumentSearchModel {
  return connection.model<DocumentSearchRecord>('DocumentSearch', documentSearchSchema, 'document_search');
}

/**
 * The change feed of `document_search`: one entry per write of a record (`documentId`), numbered 1, 2, 3 …
 * without gaps (domain/search/search-feed.ts). The number is the `_id`, as a decimal string, because a
 * filter of `_id` alone on a string is the one lookup the embedded FerretDB v1 answers without reading the
 * whole collection; the unique `_id` decides which of two writers gets a number.
 */
const documentSearchFeedSchema = new Schema(
  {
    _id: { type: String, required: true },
    documentId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export type DocumentSearchFeedEntry = InferSchemaType<typeof documentSearchFeedSchema>;
export type DocumentSearchFeedModel = Model<DocumentSearchFeedEntry>;

/**
 * The feed model on a connection, created on first use: whoever holds the DocumentSearch model can reach its
 * feed without another entry in the models object.
 */
export function documentSearchFeedModelOf(connection: Connection): DocumentSearchFeedModel {
  return (connection.models.DocumentSearchFeed as DocumentSearchFeedModel | undefined) ??
    connection.model<DocumentSearchFeedEntry>('DocumentSearchFeed', documentSearchFeedSchema, 'document_search_feed');
}
