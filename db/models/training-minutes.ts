/** Minutes of a training held after a change to the EDMS, recorded against its change notification (002 §11). */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const trainingMinutesSchema = new Schema(
  {
    _id: { type: String, required: true }, // `<documentId>:<uuid>`
    documentId: { type: String, required: true },
    heldOn: { type: String, required: true }, // YYYY-MM-DD, Astana
    topic: { type: String, required: true },
    attendeeIds: { type: [String], required: true },
    recordedBy: { type: String, required: true },
  },
  { timestamps: true },
);
trainingMinutesSchema.index({ documentId: 1, heldOn: 1 });

export type TrainingMinutesRecord = InferSchemaType<typeof trainingMinutesSchema>;
export type TrainingMinutesModel = Model<TrainingMinutesRecord>;

export function createTrainingMinutesModel(connection: Connection): TrainingMinutesModel {
  return connection.model<TrainingMinutesRecord>('TrainingMinutes', trainingMinutesSchema, 'training_minutes');
}
