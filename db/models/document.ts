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
      /** The registration's sequence number in its journal (search by number range); absent on cards projected before it was kept. */
      seq: Number,
      /** Its journal's direction when the number was taken (an incoming journal's resolve tasks are correspondence); absent likewise. */
      direction: String,
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
    /**
     * The tasks open at the projected state (`task id:assignee id`), so the next projection knows which of its
     * tasks are new, and whom to notify, without a lookup per task. Absent on cards projected before it existed.
     */
    openTaskKeys: { type: [String], default: undefined },
    /**
     * The signatures of this document, so registration checks them (and the archive keeps them) by `_id`
     * instead of querying signatures by document: every one the route accepted (added by the projection of
     * its acceptance, in the card write) and every one its check refused (added by the check). Not listed: a
     * signature whose request failed before its check, and a valid one the route refused because the state
     * had moved on meanwhile (neither was accepted). Absent on cards from before it existed; such a card is
     * never given a list later, since a list begun then would leave out the signatures made before it.
     */
    signatureIds: { type: [String], default: undefined },
    /**
     * Every attachment file of this document that may exist (listed before its upload starts), so the signed
     * content reads the files by `_id`. Absent on cards from before it existed.
     */
    attachmentIds: { type: [String], default: undefined },
    /** For a create sent with an Idempotency-Key: the digest of its body, to refuse the key's reuse for another. */
    idempotency: { requestHash: String },
    state: { type: Schema.Types.Mixed },
    /** The card's edit counter: an edit names the version it was made on, and a stale one is refused (409). */
    cardVersion: { type: Number, default: 0 },
    /** Links to other documents (in reply to, refers to, cancels, amends), each with the other's number and date. */
    links: {
      type: [
        new Schema(
          { id: { type: String, required: true }, kind: { type: String, required: true }, documentId: String, number: { type: String, required: true }, date: { type: String, required: true } },
          { _id: false },
        ),
      ],
      default: [],
    },
    /**
     * The registration-control card's own fields (seed-003 §8) that no signature covers, so the registry
     * office keeps them current after signing: nature of the issue, sheet counts, addressee, executor's phone,
     * whether a paper original or copy exists.
     */
    registrationCard: { type: Schema.Types.Mixed, default: {} },
    /** For a new version of a signed document: the version it replaces (which keeps its signatures). */
    versionOf: { documentId: String, version: Number },
  },
  { timestamps: true, minimize: false },
);

export type DocumentRecord = InferSchemaType<typeof documentSchema>;
export type DocumentModel = Model<DocumentRecord>;

export function createDocumentModel(connection: Connection): DocumentModel {
  return connection.model<DocumentRecord>('Document', documentSchema, 'documents');
}
