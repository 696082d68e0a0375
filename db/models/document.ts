/**
 * The document card and the read model of its route: written by activities from the workflow's state,
 * read by the API and the UI. The live state of a running route is the workflow's; this is its mirror.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { DOCUMENT_STATUSES } from '../../domain/documents/document-state';

export const DOCUMENT_LANGUAGES = ['kk', 'ru'] as const;

const documentSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true, index: true },
    title: { type: String, required: true },
    language: { type: String, enum: DOCUMENT_LANGUAGES, default: 'kk' },
    authorId: { type: String, required: true, index: true },
    /** Card fields that name people for the route (signer, approvers, addressees, executor …). */
    participants: { type: Schema.Types.Mixed, default: {} },
    correspondent: { type: String },
    summary: { type: String },
    fields: { type: Schema.Types.Mixed, default: {} },
    draftNumber: { type: String },
    route: {
      key: { type: String, required: true },
      version: { type: Number, required: true },
    },
    workflowId: { type: String, required: true, unique: true },
    status: { type: String, enum: DOCUMENT_STATUSES, required: true, index: true },
    stageId: { type: String },
    registration: {
      journal: String,
      number: String,
      registeredAt: Date,
    },
    /** Everyone who ever had a task on the document: the visibility list for search and access. */
    participantIds: { type: [String], default: [], index: true },
    /** The workflow's change counter of the state mirrored here. */
    projectedSeq: { type: Number, default: -1 },
    /**
     * Every inbox entry of this document that may exist (a superset while a transition is being projected),
     * so the projection removes stale entries by `_id` instead of querying the inbox by document.
     * Absent on cards projected before it existed.
     */
    inboxEntryIds: { type: [String], default: undefined },
    /** For a create sent with an Idempotency-Key: the digest of its body, to refuse the key's reuse for another. */
    idempotency: { requestHash: String },
    state: { type: Schema.Types.Mixed },
  },
  { timestamps: true, minimize: false },
);

export type DocumentRecord = InferSchemaType<typeof documentSchema>;
export type DocumentModel = Model<DocumentRecord>;

export function createDocumentModel(connection: Connection): DocumentModel {
  return connection.model<DocumentRecord>('Document', documentSchema, 'documents');
}
