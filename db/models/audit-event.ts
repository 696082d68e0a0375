/**
 * The audit trail: an append-only hash chain. Each event stores the hash of the one before it, so an
 * altered, removed or reordered event breaks the chain at a place the verifier can name.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const auditEventSchema = new Schema(
  {
    /** Position in the chain: unique, so two writers can never both extend the same link. */
    _id: { type: Number, required: true },
    /** Idempotency key: the same event written twice (activity retry) is stored once. */
    eventKey: { type: String, required: true, unique: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    actorId: { type: String },
    onBehalfOf: { type: String },
    role: { type: String },
    documentId: { type: String, index: true },
    routeKey: { type: String },
    routeVersion: { type: Number },
    stageId: { type: String },
    comment: { type: String },
    source: { type: String },
    data: { type: Schema.Types.Mixed },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);

export type AuditEventRecord = InferSchemaType<typeof auditEventSchema>;
export type AuditEventModel = Model<AuditEventRecord>;

export function createAuditEventModel(connection: Connection): AuditEventModel {
  return connection.model<AuditEventRecord>('AuditEvent', auditEventSchema, 'audit_events');
}
