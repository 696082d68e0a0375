/** Login sessions: an opaque random token (stored hashed) that expires and can be revoked. */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { trustedReads } from '../trusted-reads';

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

/**
 * Every request reads its session; a read is used again for a moment (db/trusted-reads.ts): a revocation or
 * a change of the kept copy written by this process is seen at once, one written by another API process up to
 * `QUJAT_TOKEN_TRUST_MS` (1 s) later. Every write through the model drops what this process kept, after it and
 * also before it (a write that fails part-way runs no after-hook); so does every raw write of the collection
 * (db/session-actor.ts).
 */
const trusted = trustedReads<(SessionRecord & { _id: string }) | null>('sessions');

/** The session with this `_id` (the token's hash), or null. Not to be changed: the object may be shared. */
export function readSession(model: SessionModel, id: string): Promise<(SessionRecord & { _id: string }) | null> {
  return trusted.read(model.db, id, () => model.findById(id).lean<SessionRecord & { _id: string }>().exec());
}

/** After a write of `sessions` that bypasses the model. */
export function forgetSessions(connection: Connection): void {
  trusted.forget(connection);
}

/** The session a write's filter names by `_id`, if it names one. */
function sessionNamed(filter: unknown): string | undefined {
  const id = (filter as { _id?: unknown } | undefined)?._id;
  return typeof id === 'string' ? id : undefined;
}

for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace'] as const) {
  const forget = function (this: { model: { db: Connection }; getFilter(): unknown }) {
    trusted.forget(this.model.db, sessionNamed(this.getFilter()));
  };
  sessionSchema.pre(op, { document: false, query: true }, forget);
  sessionSchema.post(op, { document: false, query: true }, forget);
}
// A document's save (a sign-in) concerns its own session; insertMany and bulkWrite may touch any.
const forgetSaved = function (this: { db: Connection; _id: string }) {
  trusted.forget(this.db, this._id);
};
sessionSchema.pre('save', forgetSaved);
sessionSchema.post('save', forgetSaved);
const forgetAll = function (this: { db: Connection }) {
  trusted.forget(this.db);
};
sessionSchema.pre('insertMany', forgetAll);
sessionSchema.post('insertMany', forgetAll);
sessionSchema.pre('bulkWrite', forgetAll);
sessionSchema.post('bulkWrite', forgetAll);

export function createSessionModel(connection: Connection): SessionModel {
  return connection.model<SessionRecord>('Session', sessionSchema, 'sessions');
}
