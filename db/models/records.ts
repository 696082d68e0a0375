/**
 * The records side of a document's life: every edit of its card (the claim of a card version and the
 * old and new values), the links between documents, and the nomenclature of files with the documents
 * filed into them. Every claim is an insert under a unique `_id` (no transactions, no conditional updates
 * on the embedded database): a card version is taken by inserting `<documentId>:<version>`.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const LINK_KINDS = ['in-reply-to', 'refers-to', 'cancels', 'amends'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

const changeSchema = new Schema({ field: { type: String, required: true }, old: Schema.Types.Mixed, new: Schema.Types.Mixed }, { _id: false, minimize: false });

const documentEditSchema = new Schema(
  {
    /** `<documentId>:<version, 6 digits>`: inserting it claims the card version; a rival edit of the same version is refused. */
    _id: { type: String, required: true },
    documentId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    actorId: { type: String, required: true },
    onBehalfOf: { type: String },
    at: { type: Date, required: true },
    /** What the edit changed: 'edit' of fields, a link added or removed. */
    kind: { type: String, enum: ['edit', 'link-added', 'link-removed'], required: true },
    changes: { type: [changeSchema], default: [] },
    /** The values after the edit, so an edit claimed but not yet applied (a crash in between) is rolled forward. */
    set: { type: Schema.Types.Mixed, default: {} },
    comment: { type: String },
  },
  { versionKey: false, minimize: false },
);

/**
 * A link from one document (`sourceId`) to another, the reverse lookup of the card's `links`: the other card
 * shows it as "linked from". `_id` = `<sourceId>:<linkId>`.
 */
const documentLinkSchema = new Schema(
  {
    _id: { type: String, required: true },
    sourceId: { type: String, required: true },
    linkId: { type: String, required: true },
    targetId: { type: String, required: true, index: true },
    kind: { type: String, enum: LINK_KINDS, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const STORAGE_MEDIA = ['electronic', 'paper'] as const;

/** One file (дело) of the year's nomenclature: `_id` = `<year>:<index>`. */
const caseFileSchema = new Schema(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true, index: true },
    index: { type: String, required: true },
    unitId: { type: String, required: true },
    /** The section's heading: the unit's name as the nomenclature prints it. */
    section: { kk: String, ru: String },
    title: { kk: { type: String, required: true }, ru: { type: String, required: true } },
    /** Years to keep after the year the file is closed; absent = permanent. */
    retentionYears: { type: Number },
    /** The article of the standard list of documents the period comes from (e.g. "ст. 17"). */
    retentionArticle: { type: String },
    medium: { type: String, enum: STORAGE_MEDIA, required: true },
    /** Journals whose documents are suggested for this file. */
    journals: { type: [String], default: [] },
    state: { type: String, enum: ['open', 'closed', 'archived', 'destroyed'], required: true, default: 'open' },
    closedAt: { type: Date },
    closedBy: { type: String },
    archivedAt: { type: Date },
    archivedBy: { type: String },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

/** A document's place in a file: `_id` = documentId, so a document is filed once. */
const filingSchema = new Schema(
  {
    _id: { type: String, required: true },
    fileId: { type: String, required: true, index: true },
    filedBy: { type: String, required: true },
    filedAt: { type: Date, required: true },
    sheets: { type: Number },
  },
  { versionKey: false },
);

export type DocumentEditRecord = InferSchemaType<typeof documentEditSchema>;
export type DocumentLinkRecord = InferSchemaType<typeof documentLinkSchema>;
export type CaseFileRecord = InferSchemaType<typeof caseFileSchema>;
export type FilingRecord = InferSchemaType<typeof filingSchema>;

export function createRecordsModels(connection: Connection) {
  return {
    DocumentEdit: connection.model<DocumentEditRecord>('DocumentEdit', documentEditSchema, 'document_edits') as Model<DocumentEditRecord>,
    DocumentLink: connection.model<DocumentLinkRecord>('DocumentLink', documentLinkSchema, 'document_links') as Model<DocumentLinkRecord>,
    CaseFile: connection.model<CaseFileRecord>('CaseFile', caseFileSchema, 'case_files') as Model<CaseFileRecord>,
    Filing: connection.model<FilingRecord>('Filing', filingSchema, 'filings') as Model<FilingRecord>,
  };
}
