/** Login sessions: an opaque random token (stored hashed) that expires and can be revoked. */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const sessionSchema = new Schema(
  {
    _id: { type: String, required: true }, // sha256 of the token: a leaked database yields no usable tokens
    employeeId: { type: String, required: true, index: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
    method: { type: String, enum: ['password', 'eds', 'test'], required: true },
    /** What each request needs of the person, kept here and dropped when it changes (db/session-actor.ts). */
    actor: { type: Schema.Types.Mixed },
  },
  { timestamps: true },
);

export type SessionRecord = InferSchemaType<typeof sessionSchema>;
export type SessionModel = Model<SessionRecord>;

export function createSessionModel(connection: Connection): SessionModel {
  return connection.model<SessionRecord>('Session', sessionSchema, 'sessions');
}
