/**
 * Access applications (seed-004 ¶¶13–16): register, move or block an account. The document card and its
 * route carry the approvals; this record carries what is asked for and whether it has been carried out.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const ACCESS_ACTIONS = ['register', 'move', 'block'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

const accessApplicationSchema = new Schema(
  {
    _id: { type: String, required: true }, // the document id
    action: { type: String, enum: ACCESS_ACTIONS, required: true },
    applicantId: { type: String, required: true, index: true },
    /** The account concerned; for a registration, the id the new account will get. */
    subjectId: { type: String, required: true, index: true },
    /** For a registration: the new person's data; for a move: the new unit and position. */
    person: {
      fullName: String,
      iin: String,
      email: String,
      language: { type: String, enum: ['kk', 'ru'] },
      certificateDn: String,
    },
    unitId: { type: String },
    positionId: { type: String },
    roles: { type: [String], default: undefined },
    reason: { type: String },
    /** For a block: why (dismissal or removal ¶16, the holder's absence of more than two months Ann. 6 §3, a violation ¶12, other). */
    ground: { type: String, enum: ['dismissal', 'removal', 'absence', 'violation', 'other'] },
    /** For a block on absence: the period, as days (YYYY-MM-DD). */
    absentFrom: { type: String },
    absentUntil: { type: String },
    /** When the change was made; a block is made on filing, the others when the route completes. */
    appliedAt: { type: Date },
    outcome: { type: String, enum: ['pending', 'applied', 'not-applicable'], default: 'pending' },
    outcomeDetail: { type: String },
  },
  { timestamps: true, minimize: false },
);

export type AccessApplicationRecord = InferSchemaType<typeof accessApplicationSchema>;
export type AccessApplicationModel = Model<AccessApplicationRecord>;

export function createAccessApplicationModel(connection: Connection): AccessApplicationModel {
  return connection.model<AccessApplicationRecord>('AccessApplication', accessApplicationSchema, 'access_applications');
}
