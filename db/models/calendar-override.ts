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

/**
 * A year whose decree table an administrator has loaded (its transfers are calendar overrides of that year). Keyed by
 * the year as a string `_id`, so "is 2027 loaded?" is one keyed read on every database.
 */
const calendarYearSchema = new Schema(
  {
    _id: { type: String, required: true }, // '2027'
    year: { type: Number, required: true },
    /** The act the table comes from, e.g. "Government decree No. … of 12.10.2026". */
    basis: { type: String, required: true },
    loadedBy: { type: String, required: true },
  },
  { timestamps: true },
);

export type CalendarYearRecord = InferSchemaType<typeof calendarYearSchema>;
export type CalendarYearModel = Model<CalendarYearRecord>;

export function createCalendarYearModel(connection: Connection): CalendarYearModel {
  return connection.model<CalendarYearRecord>('CalendarYear', calendarYearSchema, 'calendar_years');
}
