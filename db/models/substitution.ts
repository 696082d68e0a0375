/** Substitutes for absences: who stands in for whom, over which period, for which document types. */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { installPeopleCacheVersionHooks } from '../people-cache-version';

const substitutionSchema = new Schema(
  {
    _id: { type: String, required: true },
    absentId: { type: String, required: true, index: true },
    substituteId: { type: String, required: true, index: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
    /** Document types this substitution covers; empty = all. */
    documentTypes: { type: [String], default: [] },
    createdBy: { type: String, required: true },
    cancelledAt: { type: Date },
    reason: { type: String },
  },
  { timestamps: true },
);
substitutionSchema.index({ substituteId: 1, from: 1, to: 1 });
// Moves the version token the worker's copy of the substitutions is checked against.
installPeopleCacheVersionHooks(substitutionSchema);

export type SubstitutionRecord = InferSchemaType<typeof substitutionSchema>;
export type SubstitutionModel = Model<SubstitutionRecord>;

export function createSubstitutionModel(connection: Connection): SubstitutionModel {
  return connection.model<SubstitutionRecord>('Substitution', substitutionSchema, 'substitutions');
}
