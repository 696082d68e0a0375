/**
 * Supporting records of the numbering: draft numbers (one per document, claimed like registration
 * numbers) and sequence hints (where a sequence's last claimed number probably is).
 *
 * Why claims and not `$inc` counters: on the embedded FerretDB v1 (SQLite) `$inc` and conditional
 * updates are read-modify-write without a lock, so concurrent increments are lost (measured: 640
 * increments from 32 clients left the counter at 52). Unique indexes, however, are enforced, so
 * every number is claimed by inserting a record under a unique index.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const draftNumberSchema = new Schema(
  {
    _id: { type: String, required: true }, // documentId: one draft number per document
    /** The sequence it counts in: the document type. */
    scope: { type: String, required: true },
    seq: { type: Number, required: true },
    number: { type: String, required: true },
    assignedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
draftNumberSchema.index({ scope: 1, seq: -1 }, { unique: true });

/**
 * A lower bound of a sequence's highest claimed number, so a claim starts near the top instead of
 * scanning the claims. Only ever set to a number that was claimed, so it never points past a gap.
 */
const sequenceHintSchema = new Schema(
  {
    _id: { type: String, required: true }, // e.g. "registration:incoming:2026" or "draft:outgoing-letter"
    seq: { type: Number, required: true },
  },
  { versionKey: false },
);

export type DraftNumberRecord = InferSchemaType<typeof draftNumberSchema>;
export type SequenceHintRecord = InferSchemaType<typeof sequenceHintSchema>;

export function createNumberingModels(connection: Connection): {
  DraftNumber: Model<DraftNumberRecord>;
  SequenceHint: Model<SequenceHintRecord>;
} {
  return {
    DraftNumber: connection.model<DraftNumberRecord>('DraftNumber', draftNumberSchema, 'draft_numbers'),
    SequenceHint: connection.model<SequenceHintRecord>('SequenceHint', sequenceHintSchema, 'sequence_hints'),
  };
}
