/**
 * Electronic exchange between organisations (docs/exchange.md): our own identity, the address book of
 * correspondents we exchange with, and every envelope sent or received — the received ones byte for byte,
 * so their signatures can be verified again years later. Every row is keyed by a string `_id`.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** The envelope kinds of domain/exchange/envelope.ts (ENVELOPE_KINDS); the models do not import that module. */
const ENVELOPE_KINDS = ['document', 'receipt', 'rejection', 'information-request', 'information-answer'];

const name = { kk: { type: String, required: true }, ru: { type: String, required: true } };

const identitySchema = new Schema(
  {
    _id: { type: String, required: true }, // always 'self'
    name,
    bin: { type: String, required: true },
    /** Where correspondents send us envelopes: the base URL whose `/exchange/v1/envelopes` receives them. */
    endpointUrl: { type: String, required: true },
    /** The organisation's signing certificate (PEM); its key stays in a file, never in the database. */
    certificatePem: { type: String, required: true },
    /** Who executes incoming electronic documents by default (the card's addressees; the registrar may change them). */
    addresseeIds: { type: [String], default: [] },
  },
  { timestamps: true, versionKey: false },
);

const correspondentSchema = new Schema(
  {
    _id: { type: String, required: true }, // the BIN
    name,
    endpointUrl: { type: String, required: true },
    /** Certificates the correspondent signs envelopes with (PEM) and their SHA-256 fingerprints. */
    certificates: { type: [{ pem: { type: String, required: true }, sha256: { type: String, required: true }, _id: false }], default: [] },
    active: { type: Boolean, default: true },
  },
  { timestamps: true, versionKey: false },
);

export const OUTBOX_STATUSES = ['prepared', 'delivered', 'refused'] as const;

const outboxSchema = new Schema(
  {
    _id: { type: String, required: true }, // envelopeId
    kind: { type: String, enum: ENVELOPE_KINDS, required: true },
    documentId: { type: String, required: true },
    recipientBin: { type: String, required: true },
    envelope: { type: Buffer, required: true },
    signature: { type: Buffer, required: true },
    status: { type: String, enum: OUTBOX_STATUSES, required: true },
    preparedAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    lastError: { type: String },
    lastAttemptAt: { type: Date },
    deliveredAt: { type: Date },
    refused: { status: Number, code: String, detail: String, at: Date },
    /** Incoming documents here that answer this one (reply linking). */
    replies: { type: [String], default: [] },
    /** The answer to a document envelope: their receipt (registered) or rejection notice, verified. */
    answer: {
      kind: { type: String, enum: ['receipt', 'rejection'] },
      envelopeId: String,
      receivedAt: Date,
      incomingNumber: String,
      incomingDate: String,
      registeredAt: Date,
      reason: { code: String, title: String },
      comment: String,
      text: String,
      verified: Boolean,
    },
  },
  { timestamps: true, versionKey: false },
);

const inboxSchema = new Schema(
  {
    _id: { type: String, required: true }, // envelopeId: a second delivery of the same envelope finds this
    kind: { type: String, enum: ENVELOPE_KINDS, required: true },
    senderBin: { type: String, required: true },
    /** The bytes exactly as received, and the sender organisation's CMS over them. */
    envelope: { type: Buffer, required: true },
    signature: { type: Buffer, required: true },
    sha256: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    /** The verification of the organisation signature at receipt (report of the signatures engine). */
    envelopeVerification: { type: Schema.Types.Mixed },
    /** For documents: the incoming card created from it. For notices: the outgoing document they answer. */
    documentId: { type: String },
    /** Per document signature: the verdict of the automatic EDS check. */
    signatureVerdicts: { type: Schema.Types.Mixed },
    processedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

export type ExchangeIdentityRecord = InferSchemaType<typeof identitySchema>;
export type CorrespondentRecord = InferSchemaType<typeof correspondentSchema>;
export type OutboxRecord = InferSchemaType<typeof outboxSchema>;
export type InboxRecord = InferSchemaType<typeof inboxSchema>;

export function createExchangeModels(connection: Connection): {
  ExchangeIdentity: Model<ExchangeIdentityRecord>;
  Correspondent: Model<CorrespondentRecord>;
  ExchangeOutbox: Model<OutboxRecord>;
  ExchangeInbox: Model<InboxRecord>;
} {
  return {
    ExchangeIdentity: connection.model<ExchangeIdentityRecord>('ExchangeIdentity', identitySchema, 'exchange_identity'),
    Correspondent: connection.model<CorrespondentRecord>('Correspondent', correspondentSchema, 'exchange_correspondents'),
    ExchangeOutbox: connection.model<OutboxRecord>('ExchangeOutbox', outboxSchema, 'exchange_outbox'),
    ExchangeInbox: connection.model<InboxRecord>('ExchangeInbox', inboxSchema, 'exchange_inbox'),
  };
}
