/**
 * One open task of one person: the staff's inbox views are plain queries over these, never Temporal.
 * Rewritten per document from the workflow's state, so an entry and the workflow cannot disagree for long.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const INBOX_VIEWS = [
  'for-approval',
  'for-signing',
  'for-registration',
  'execution',
  'control-removal',
  'acknowledgement',
  'incoming',
  'rejected',
  'drafts',
  'overdue',
] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

const inboxEntrySchema = new Schema(
  {
    _id: { type: String, required: true }, // `${documentId}:${taskId}`
    ownerId: { type: String, required: true },
    documentId: { type: String, required: true, index: true },
    taskId: { type: String, required: true },
    view: { type: String, enum: INBOX_VIEWS, required: true },
    title: { type: String, required: true },
    documentType: { type: String, required: true },
    status: { type: String, required: true },
    stageId: { type: String },
    dueAt: { type: Date },
    overdue: { type: Boolean, default: false },
    openedAt: { type: Date, required: true },
    seq: { type: Number, required: true },
  },
  { timestamps: true },
);
inboxEntrySchema.index({ ownerId: 1, view: 1, openedAt: -1 });
inboxEntrySchema.index({ ownerId: 1, overdue: 1, dueAt: 1 });

export type InboxEntryRecord = InferSchemaType<typeof inboxEntrySchema>;
export type InboxEntryModel = Model<InboxEntryRecord>;

export function createInboxEntryModel(connection: Connection): InboxEntryModel {
  return connection.model<InboxEntryRecord>('InboxEntry', inboxEntrySchema, 'inbox_entries');
}
