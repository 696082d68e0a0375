/** Notifications to staff (deadline reminders, escalations); delivered in-app, idempotent by key. */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const notificationSchema = new Schema(
  {
    _id: { type: String, required: true }, // idempotency key: `${documentId}:${reason}:${recipient}:${dueAtMs}`
    recipientId: { type: String, required: true, index: true },
    documentId: { type: String, index: true },
    kind: { type: String, required: true },
    message: { type: String, required: true },
    readAt: { type: Date },
  },
  { timestamps: true },
);

export type NotificationRecord = InferSchemaType<typeof notificationSchema>;
export type NotificationModel = Model<NotificationRecord>;

export function createNotificationModel(connection: Connection): NotificationModel {
  return connection.model<NotificationRecord>('Notification', notificationSchema, 'notifications');
}
