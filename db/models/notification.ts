/**
 * Notifications to staff and how they reach them. A row in `notifications` is written once, idempotent by
 * its key, by whatever part of the system has something to say (the kind says what); the delivery
 * (activities/notifications) reads any row, shows it in the application, pushes it live and mails it.
 */
import { randomUUID } from 'node:crypto';
import { installPeopleCacheVersionHooks } from '../people-cache-version';
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const notificationSchema = new Schema(
  {
    _id: { type: String, required: true }, // idempotency key, e.g. `${documentId}:reminder:${stage}:${dueAtMs}:${recipient}`
    recipientId: { type: String, required: true, index: true },
    documentId: { type: String, index: true },
    kind: { type: String, required: true },
    /** A plain-language fallback written by older producers; the screens and mails use kind + params. */
    message: { type: String },
    /** What the texts of the kind need (names, instants), never ids shown to people. */
    params: { type: Schema.Types.Mixed },
    readAt: { type: Date },
    /** When the delivery handled it (channel chosen, e-mail queued, live push raised); absent = not yet. */
    dispatchedAt: { type: Date, index: true },
    channel: { type: String },
    /** For the digest: the mail (outbox id) that carried it; absent while it waits for the next digest. */
    digestedIn: { type: String },
    /** Only on a person's head row (see notificationHeadId). */
    version: { type: String },
  },
  { timestamps: true },
);

/**
 * A person's head: a row of `notifications` whose `version` changes whenever the person's notifications do (a
 * new one, one read). Each API process reads, once a second, the head of each person connected to its live
 * stream, by `_id`. It lives among the rows it announces so that a new row and its head go out in one ordered
 * command, the row first: a stream woken by the head finds the row, and a projection that notifies spends one
 * command on it, not two. It names no recipient and is born dispatched, so a person's list and counts, the
 * delivery's sweep and the digest never find it. (Heads were kept in `notification_heads` before; that
 * collection is no longer read, and a stream open across the upgrade refreshes its count once.)
 */
export const notificationHeadId = (employeeId: string): string => `head:${employeeId}`;

/**
 * The row whose `version` changes whenever any head's does, written in the same ordered command right after the
 * heads: a live stream reads it once a second and reads the heads of its people only when it has moved, so an
 * idle stream costs one read a second, not one per person connected. Like a head, it names no recipient and is
 * born dispatched.
 */
export const HEADS_VERSION_ID = 'heads';

/** The write that moves a person's head on (upsert by `_id`). */
function headWrite(employeeId: string, at: Date) {
  return { updateOne: { filter: { _id: notificationHeadId(employeeId) }, update: { $set: { version: randomUUID(), dispatchedAt: at } }, upsert: true } };
}

/**
 * The writes that move these people's heads on, then the row that says a head moved (HEADS_VERSION_ID), for an
 * ordered bulk write of `notifications`, after the rows they announce.
 */
export function headWrites(employeeIds: string[], at: Date) {
  return [...employeeIds.map((id) => headWrite(id, at)), { updateOne: { filter: { _id: HEADS_VERSION_ID }, update: { $set: { version: randomUUID(), dispatchedAt: at } }, upsert: true } }];
}

export type NotificationRecord = InferSchemaType<typeof notificationSchema>;
export type NotificationModel = Model<NotificationRecord>;

/** A person's channel per kind (`domain/notifications/kinds.ts`); missing kinds take the default. */
const preferenceSchema = new Schema(
  {
    _id: { type: String, required: true }, // the employee id
    // A list, not an object keyed by kind: kinds contain dots, which a MongoDB field path would split.
    channels: { type: [{ _id: false, kind: { type: String, required: true }, channel: { type: String, required: true } }], default: [] },
  },
  { timestamps: true, minimize: false },
);
// The worker keeps each notified person's preferences (db/people-cache-version.ts): every write drops the copy.
installPeopleCacheVersionHooks(preferenceSchema);
export type NotificationPreferenceRecord = InferSchemaType<typeof preferenceSchema>;

/**
 * A mail to send: rendered once, sent at once by the worker that queued it or by a durable workflow that retries
 * until the server takes it. The outbox (`mail_outbox`) holds the mails not yet sent; a sent mail moves to
 * `mail_sent` with the same fields, so that the sweep's look for mails left unsent reads the few waiting, not every
 * mail ever sent (a full read of the collection on the embedded database).
 */
const mailSchema = new Schema(
  {
    _id: { type: String, required: true }, // `mail:<notification id>` or `digest:<employee>:<day>`
    recipientId: { type: String, required: true },
    to: { type: String, required: true },
    language: { type: String, enum: ['kk', 'ru'], required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: { type: String, required: true },
    notificationIds: { type: [String], default: [] },
    sentAt: { type: Date },
    attempts: { type: Number, default: 0 },
    lastError: { type: String },
    smtpMessageId: { type: String },
  },
  { timestamps: true },
);
export type MailRecord = InferSchemaType<typeof mailSchema>;

/**
 * A short-lived ticket to open the live stream: a browser's EventSource cannot send the bearer token,
 * and a token in a URL would end up in logs. Stored by its hash, read by `_id`.
 */
const streamTicketSchema = new Schema({
  _id: { type: String, required: true }, // sha256 of the ticket
  employeeId: { type: String, required: true },
  sessionId: { type: String, required: true },
  expiresAt: { type: Date, required: true }, // removed by the sweep once past (the embedded database has no TTL indexes)
});
export type StreamTicketRecord = InferSchemaType<typeof streamTicketSchema>;

export function createNotificationModel(connection: Connection): NotificationModel {
  return connection.model<NotificationRecord>('Notification', notificationSchema, 'notifications');
}

export function createNotificationDeliveryModels(connection: Connection) {
  return {
    NotificationPreference: connection.model<NotificationPreferenceRecord>('NotificationPreference', preferenceSchema, 'notification_preferences'),
    Mail: connection.model<MailRecord>('Mail', mailSchema, 'mail_outbox'),
    SentMail: connection.model<MailRecord>('SentMail', mailSchema, 'mail_sent'),
    StreamTicket: connection.model<StreamTicketRecord>('StreamTicket', streamTicketSchema, 'notification_stream_tickets'),
  };
}
