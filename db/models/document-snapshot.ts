/**
 * Every state a document's route reported, append-only, keyed by document and seq: "the card as it was on
 * date T" without Temporal, and long after the workflow history has left the server's retention. Each
 * snapshot's hash is also an audit event, so an edited snapshot is detected.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const documentSnapshotSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${documentId}:${seq}`
    documentId: { type: String, required: true },
    seq: { type: Number, required: true },
    /** Workflow time of the transition (its latest event), or the time it was recorded when it had none. */
    at: { type: Date, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    sha256: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
documentSnapshotSchema.index({ documentId: 1, seq: 1 }, { unique: true });
documentSnapshotSchema.index({ documentId: 1, at: 1 });

export type DocumentSnapshotRecord = InferSchemaType<typeof documentSnapshotSchema>;
export type DocumentSnapshotModel = Model<DocumentSnapshotRecord>;

export function createDocumentSnapshotModel(connection: Connection): DocumentSnapshotModel {
  return connection.model<DocumentSnapshotRecord>('DocumentSnapshot', documentSnapshotSchema, 'document_snapshots');
}
