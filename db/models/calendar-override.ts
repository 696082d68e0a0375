/** The administrator's calendar overrides per year: a moved working Saturday, an extra day off. */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const calendarOverrideSchema = new Schema(
  {
    _id: { type: String, required: true }, // the date, YYYY-MM-DD: one override per day
    year: { type: Number, required: true, index: true },
    kind: { type: String, enum: ['day-off', 'working-day'], required: true },
    reason: { type: String, required: true },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);

export type CalendarOverrideRecord = InferSchemaType<typeof calendarOverrideSchema>;
export type CalendarOverrideModel = Model<CalendarOverrideRecord>;

export function createCalendarOverrideModel(connection: Connection): CalendarOverrideModel {
  return connection.model<CalendarOverrideRecord>('CalendarOverride', calendarOverrideSchema, 'calendar_overrides');
}
