/**
 * The audit trail: an append-only hash chain. Each event stores the hash of the one before it, so an
 * altered, removed or reordered event breaks the chain at a place the verifier can name.
 *
 * The position is kept twice: as `seq` (the number the hash covers and the API shows) and as `_id`, the
 * same number zero-padded to a string. The string `_id` is what makes the chain fast on the embedded
 * database: FerretDB v1 (SQLite) answers only `{_id: <string>}` without reading the whole collection, so
 * the appender finds the tip by probing positions by `_id` (see domain/audit/audit-chain.ts).
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** Digits of a position `_id`: room for 10^12 events, and string order equals number order. */
export const AUDIT_POSITION_DIGITS = 12;

export const auditPositionId = (seq: number): string => String(seq).padStart(AUDIT_POSITION_DIGITS, '0');

const auditEventSchema = new Schema(
  {
    /** Position in the chain as a padded string: unique, so two writers can never both extend the same link. */
    _id: { type: String, required: true },
    /** Position in the chain as a number (what the hash covers). */
    seq: { type: Number, required: true, index: true },
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
