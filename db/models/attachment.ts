/**
 * Files of a document (the content part and the attachments). The bytes live in GridFS (bucket
 * `attachments`, file id = this record's _id); this record is the slot claim that enforces the
 * per-document file count without transactions: (documentId, slot) is unique, slot 0 is the content
 * part and slots 1…maxFiles the attachments.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const ATTACHMENT_KINDS = ['content', 'attachment'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

const attachmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    documentId: { type: String, required: true },
    slot: { type: Number, required: true },
    kind: { type: String, enum: ATTACHMENT_KINDS, required: true },
    /**
     * 'uploading' while the bytes stream in; only 'stored' files count as the document's files. 'destroyed':
     * the bytes were removed by a destruction act (docs/records.md); the record keeps name, size and digest.
     */
    state: { type: String, enum: ['uploading', 'stored', 'destroyed'], required: true },
    filename: { type: String, required: true },
    /** The format detected from the bytes (not the client's Content-Type). */
    format: { type: String },
    contentType: { type: String },
    size: { type: Number },
    sha256: { type: String },
    uploadedBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
attachmentSchema.index({ documentId: 1, slot: 1 }, { unique: true });

export type AttachmentRecord = InferSchemaType<typeof attachmentSchema>;
export type AttachmentModel = Model<AttachmentRecord>;

export function createAttachmentModel(connection: Connection): AttachmentModel {
  return connection.model<AttachmentRecord>('Attachment', attachmentSchema, 'attachments');
}
