/**
 * Registration journals and the registrations in them. A registration number is consumed only by the
 * registration document that holds it, so numbers are gapless by construction (see journal-numbering).
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { installJournalsVersionHooks } from '../journals-version';

export const JOURNAL_DIRECTIONS = ['incoming', 'outgoing', 'internal'] as const;
export type JournalDirection = (typeof JOURNAL_DIRECTIONS)[number];

const journalSchema = new Schema(
  {
    _id: { type: String, required: true }, // code, e.g. "outgoing"
    title: { kk: { type: String, required: true }, ru: { type: String, required: true } },
    /** The journal's index, e.g. "01-12". */
    index: { type: String, required: true },
    /** Number template: {index}, {seq}, {year}. */
    format: { type: String, required: true, default: '{index}/{seq}' },
    /** Zero-padding of {seq}; 0 = none. */
    width: { type: Number, default: 0 },
    /** Incoming journals get receipt notifications and duplicate checks; outgoing ones get dispatch tracking. */
    direction: { type: String, enum: JOURNAL_DIRECTIONS, default: 'internal' },
  },
  { timestamps: true },
);
// Registration keeps the journals it numbers in under a version token: every write moves it.
installJournalsVersionHooks(journalSchema);

const registrationSchema = new Schema(
  {
    _id: { type: String, required: true }, // documentId: one registration per document
    journal: { type: String, required: true },
    year: { type: Number, required: true },
    seq: { type: Number, required: true },
    /** 0 for an original; 1, 2 … for duplicates registered under the original's number ("01-12/345,1"). */
    suffix: { type: Number, required: true, default: 0 },
    /** The registered original this document duplicates (paper incoming, found by the duplicate check). */
    duplicateOf: { type: String },
    number: { type: String, required: true },
    registrarId: { type: String, required: true },
    registeredAt: { type: Date, required: true },
    /** The sender's outgoing number, its date and the correspondent, normalised for the duplicate check. */
    sender: {
      number: { type: String },
      date: { type: String },
      correspondent: { type: String },
    },
  },
  { versionKey: false },
);
// The uniqueness that makes two registrations never share a number (duplicates differ by suffix only).
registrationSchema.index({ journal: 1, year: 1, seq: -1, suffix: 1 }, { unique: true });
registrationSchema.index({ 'sender.number': 1, 'sender.date': 1 });

export type JournalRecord = InferSchemaType<typeof journalSchema>;
export type RegistrationRecord = InferSchemaType<typeof registrationSchema>;

export function createJournalModels(connection: Connection): {
  Journal: Model<JournalRecord>;
  Registration: Model<RegistrationRecord>;
} {
  return {
    Journal: connection.model<JournalRecord>('Journal', journalSchema, 'journals'),
    Registration: connection.model<RegistrationRecord>('Registration', registrationSchema, 'registrations'),
  };
}
