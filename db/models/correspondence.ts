/**
 * Correspondence records: the notices we issue about incoming documents (receipt notification,
 * rejection notice; seed-003 §§14, 17) and the delivery of our outgoing documents (dispatch, the
 * counterparty's receipt, the chase when none came; seed-003 §§18–19).
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const NOTICE_KINDS = ['receipt', 'rejection'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const noticeSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${documentId}:${kind}`: one of each kind per document
    documentId: { type: String, required: true, index: true },
    kind: { type: String, enum: NOTICE_KINDS, required: true },
    language: { type: String, enum: ['kk', 'ru'], required: true },
    /** The structured fields (receipt: seed-003 §17; rejection: reason and comment). */
    fields: { type: Schema.Types.Mixed, required: true },
    /** The notice as text, rendered from its template; what the registrar signs. */
    text: { type: String, required: true },
    sha256: { type: String, required: true },
    template: { key: String, version: Number },
    issuedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

/** Shown, not stored: derived from `receipt` and `chasedAt`, so a racing write cannot contradict them. */
export const DELIVERY_STATUSES = ['awaiting-receipt', 'receipt-received', 'not-delivered'] as const;

const deliverySchema = new Schema(
  {
    _id: { type: String, required: true }, // documentId
    recipient: { type: String, required: true },
    sentAt: { type: Date, required: true },
    sentBy: { type: String, required: true },
    /** The instant after which a missing receipt is chased (1 working day, seed-003 §19). */
    receiptDueAt: { type: Date },
    receiptDueExplanation: { type: String },
    receipt: {
      receivedAt: Date,
      recipientNumber: String,
      recipientDate: String,
      recordedBy: String,
      recordedAt: Date,
    },
    chasedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

export type NoticeRecord = InferSchemaType<typeof noticeSchema>;
export type DeliveryRecord = InferSchemaType<typeof deliverySchema>;

export function createCorrespondenceModels(connection: Connection): {
  Notice: Model<NoticeRecord>;
  Delivery: Model<DeliveryRecord>;
} {
  return {
    Notice: connection.model<NoticeRecord>('Notice', noticeSchema, 'notices'),
    Delivery: connection.model<DeliveryRecord>('Delivery', deliverySchema, 'deliveries'),
  };
}
