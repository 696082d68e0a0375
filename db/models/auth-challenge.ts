/**
 * One-time EDS login challenges: random bytes the client signs with its authentication key. Stored by the
 * hash of the challenge so a database reader cannot replay an unused one; consumed atomically on login.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const authChallengeSchema = new Schema(
  {
    _id: { type: String, required: true }, // sha256 of the challenge text
    expiresAt: { type: Date, required: true },
    consumedAt: { type: Date },
    source: { type: String },
  },
  { versionKey: false },
);

export type AuthChallengeRecord = InferSchemaType<typeof authChallengeSchema>;
export type AuthChallengeModel = Model<AuthChallengeRecord>;

export function createAuthChallengeModel(connection: Connection): AuthChallengeModel {
  return connection.model<AuthChallengeRecord>('AuthChallenge', authChallengeSchema, 'auth_challenges');
}
