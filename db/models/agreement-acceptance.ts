/**
 * The user agreement and consent to personal-data processing (seed-000 Annex 1), as accepted: one record per
 * acceptance, never overwritten, so the proof of consent (version, text hash, time, signature) survives a
 * later withdrawal or a new version of the text.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { installSessionActorHooks } from '../session-actor';

const agreementAcceptanceSchema = new Schema(
  {
    _id: { type: String, required: true },
    employeeId: { type: String, required: true, index: true },
    version: { type: String, required: true },
    language: { type: String, enum: ['kk', 'ru'], required: true },
    /** SHA-256 of the exact text shown, so the proof names what was agreed to. */
    textSha256: { type: String, required: true },
    acceptedAt: { type: Date, required: true },
    channel: { type: String, enum: ['password-session', 'eds-session'], required: true },
    /** The CMS over the text when the user signed it with their EDS; erased (hash kept) if the person is deleted. */
    signature: {
      cms: { type: Buffer },
      cmsSha256: { type: String },
      valid: { type: Boolean },
      reason: { type: String },
      signerIin: { type: String },
    },
    status: { type: String, enum: ['active', 'withdrawn'], required: true, default: 'active' },
    withdrawnAt: { type: Date },
    withdrawalReason: { type: String },
  },
  { versionKey: false, minimize: false },
);
agreementAcceptanceSchema.index({ employeeId: 1, status: 1, version: 1 });
// Sessions keep whether their person has accepted (db/session-actor.ts): any write here drops that.
installSessionActorHooks(agreementAcceptanceSchema, { idField: 'employeeId' });

export type AgreementAcceptanceRecord = InferSchemaType<typeof agreementAcceptanceSchema>;
export type AgreementAcceptanceModel = Model<AgreementAcceptanceRecord>;

export function createAgreementAcceptanceModel(connection: Connection): AgreementAcceptanceModel {
  return connection.model<AgreementAcceptanceRecord>('AgreementAcceptance', agreementAcceptanceSchema, 'agreement_acceptances');
}
