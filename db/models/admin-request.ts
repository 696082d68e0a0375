/** A request to the system administrator raised from a memo's execution (002 §§7–9; domain/documents/admin-request.ts). */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const ADMIN_REQUEST_STATES = ['awaiting-agreement', 'returned', 'with-administrator', 'in-work', 'answered'] as const;

const adminRequestSchema = new Schema(
  {
    _id: { type: String, required: true }, // `<documentId>:<uuid>`
    documentId: { type: String, required: true },
    resolutionId: { type: String, required: true },
    raisedBy: { type: String, required: true },
    change: { type: String, required: true },
    reason: { type: String, required: true },
    state: { type: String, enum: ADMIN_REQUEST_STATES, required: true },
    agreement: {
      type: new Schema({ decision: { type: String, enum: ['agreed', 'returned'], required: true }, by: { type: String, required: true }, onBehalfOf: String, at: { type: Date, required: true }, comment: String }, { _id: false }),
      default: undefined,
    },
    deadline: {
      type: new Schema(
        {
          dueAt: { type: Date, required: true },
          /** The day as the administrator gave it, or the rule (days and kind) it was counted by on the calendar. */
          dueOn: String,
          rule: { type: new Schema({ days: Number, kind: String }, { _id: false }), default: undefined },
          explanation: { type: String, required: true },
          setBy: { type: String, required: true },
          setAt: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** Files the administrator uploaded for the answer (kept as the responsible executor's card files). */
    uploadedFileIds: { type: [String], default: [] },
    answer: {
      type: new Schema({ text: { type: String, required: true }, attachmentIds: { type: [String], default: [] }, by: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false }),
      default: undefined,
    },
  },
  { timestamps: true },
);
adminRequestSchema.index({ documentId: 1, createdAt: 1 });

export type AdminRequestRecord = InferSchemaType<typeof adminRequestSchema>;
export type AdminRequestModel = Model<AdminRequestRecord>;

export function createAdminRequestModel(connection: Connection): AdminRequestModel {
  return connection.model<AdminRequestRecord>('AdminRequest', adminRequestSchema, 'admin_requests');
}
