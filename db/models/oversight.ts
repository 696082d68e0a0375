/**
 * Oversight records (seed-004 ¶¶39–44, Annex 7): the read log and its hash chain, the incident register
 * (the emergency journal), and announced maintenance windows. All append-only except an incident's close
 * and a window's cancellation, which are recorded in the audit trail too.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const READ_KINDS = ['card', 'view', 'download', 'search'] as const;
export type ReadKind = (typeof READ_KINDS)[number];
export const READ_OUTCOMES = ['shown', 'refused', 'failed'] as const;

/** One read: who, what, when, from where, and whether it was shown. `_id` is `<batchKey>:<index>`. */
const readLogEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    batchKey: { type: String, required: true, index: true },
    at: { type: Date, required: true },
    actorId: { type: String },
    onBehalfOf: { type: String },
    kind: { type: String, enum: READ_KINDS, required: true },
    documentId: { type: String, index: true },
    /** The sub-resource read (`attachments/<id>`, `history`, …); empty for the card itself. */
    resource: { type: String },
    /** For a search: its parameters as given. */
    query: { type: String },
    status: { type: Number, required: true },
    outcome: { type: String, enum: READ_OUTCOMES, required: true },
    source: { type: String },
  },
  { versionKey: false },
);
readLogEntrySchema.index({ actorId: 1, at: 1 });

/** A batch's link in the chain: `_id` is its position, twelve digits, so string order is chain order. */
const readLogLinkSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    batchKey: { type: String, required: true, unique: true },
    count: { type: Number, required: true },
    /** SHA-256 of the batch's entries in canonical JSON. */
    digest: { type: String, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    writtenAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const INCIDENT_SECTIONS = ['server-equipment', 'premises', 'fire-alarm', 'air-conditioning', 'power', 'flooding'] as const;
export type IncidentSection = (typeof INCIDENT_SECTIONS)[number];

/** An outage or emergency: Annex 7's row (No., actions, required time, responsible, start, end) and ¶43's cause. */
const incidentSchema = new Schema(
  {
    _id: { type: String, required: true },
    section: { type: String, enum: INCIDENT_SECTIONS, required: true },
    /** No. within its section and year of the journal, claimed under the unique index below. */
    year: { type: Number, required: true },
    number: { type: Number, required: true },
    cause: { type: String, required: true },
    actions: { type: String, required: true },
    requiredMinutes: { type: Number },
    responsibleId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date },
    recordedBy: { type: String, required: true },
    closedBy: { type: String },
    /** Set once the incident is known to have lasted more than an hour (¶¶41–42): then it is in the emergency journal and the log. */
    overOneHourAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
incidentSchema.index({ section: 1, year: 1, number: 1 }, { unique: true });

const maintenanceWindowSchema = new Schema(
  {
    _id: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    text: { kk: { type: String, required: true }, ru: { type: String, required: true } },
    announcedBy: { type: String, required: true },
    announcedAt: { type: Date, required: true },
    cancelledAt: { type: Date },
    cancelledBy: { type: String },
  },
  { versionKey: false },
);

export type ReadLogEntryRecord = InferSchemaType<typeof readLogEntrySchema>;
export type ReadLogLinkRecord = InferSchemaType<typeof readLogLinkSchema>;
export type IncidentRecord = InferSchemaType<typeof incidentSchema>;
export type MaintenanceWindowRecord = InferSchemaType<typeof maintenanceWindowSchema>;

export function createOversightModels(connection: Connection) {
  return {
    ReadLogEntry: connection.model<ReadLogEntryRecord>('ReadLogEntry', readLogEntrySchema, 'read_log') as Model<ReadLogEntryRecord>,
    ReadLogLink: connection.model<ReadLogLinkRecord>('ReadLogLink', readLogLinkSchema, 'read_log_chain') as Model<ReadLogLinkRecord>,
    Incident: connection.model<IncidentRecord>('Incident', incidentSchema, 'incidents') as Model<IncidentRecord>,
    MaintenanceWindow: connection.model<MaintenanceWindowRecord>('MaintenanceWindow', maintenanceWindowSchema, 'maintenance_windows') as Model<MaintenanceWindowRecord>,
  };
}
