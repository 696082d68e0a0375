/**
 * The archive of closed files (seed-003 §§24–33): per archived document, what was kept and how to check it
 * again (the signed content as it stood, the signatures with their verdicts, the files' digests, the
 * receipts); legal holds that stop destruction; the archive's re-verification runs and their findings.
 * Every record is keyed by its `_id` (document id, `<kind>:<target>`, `<run>:<signature>`), so a repeated
 * archiving or a retried activity writes the same record again instead of a second one.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const ARCHIVE_STATES = ['archived', 'destroyed'] as const;
export const HOLD_KINDS = ['file', 'document'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

const archivedSignatureSchema = new Schema(
  {
    id: { type: String, required: true },
    status: { type: String, required: true },
    contentSha256: { type: String },
    verifiedAt: { type: Date },
    signer: { type: String },
    iin: { type: String },
    /** The first failure of the verdict at signing, when it was not valid. */
    reason: { type: String },
  },
  { _id: false },
);

const archiveRecordSchema = new Schema(
  {
    _id: { type: String, required: true }, // documentId
    fileId: { type: String, required: true, index: true },
    state: { type: String, enum: ARCHIVE_STATES, required: true },
    archivedAt: { type: Date, required: true },
    archivedBy: { type: String, required: true },
    /** The register entry, kept after destruction: number, date, title, file index. */
    number: { type: String, required: true },
    date: { type: Date, required: true },
    title: { type: String, required: true },
    fileIndex: { type: String, required: true },
    /** The exact bytes the signatures cover (domain/signatures/signed-content.ts) as they stood at archiving. */
    signedContent: { type: Buffer },
    contentSha256: { type: String, required: true },
    /** The document's files and, marked with their resolution and executor, the files of its execution cards. */
    attachments: { type: [{ id: String, name: String, sha256: String, size: Number, resolutionId: String, executorId: String, _id: false }], default: [] },
    signatures: { type: [archivedSignatureSchema], default: [] },
    /** Receipt notifications and delivery receipts (seed-003 §§17–19), as stored. */
    receipts: { type: Schema.Types.Mixed, default: [] },
    destroyed: { actId: String, actNumber: String, actDate: Date, at: Date },
  },
  { versionKey: false, minimize: false },
);

const legalHoldSchema = new Schema(
  {
    _id: { type: String, required: true }, // `<kind>:<targetId>`: one hold per file or document
    kind: { type: String, enum: HOLD_KINDS, required: true },
    targetId: { type: String, required: true },
    reason: { type: String, required: true },
    setBy: { type: String, required: true },
    setAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const archiveCheckSchema = new Schema(
  {
    _id: { type: String, required: true },
    startedBy: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date },
    state: { type: String, enum: ['running', 'finished', 'failed'], required: true },
    /** The documents the run covers, fixed when it starts. */
    documentIds: { type: [String], default: [] },
    fileId: { type: String },
  },
  { versionKey: false },
);

const archiveCheckItemSchema = new Schema(
  {
    _id: { type: String, required: true }, // `<runId>:<documentId>:<signatureId>`
    runId: { type: String, required: true, index: true },
    documentId: { type: String, required: true },
    signatureId: { type: String, required: true },
    signer: { type: String },
    verdictAtSigning: { type: String, required: true },
    verdictNow: { type: String, required: true },
    reason: { type: String },
    checkedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * A destruction act's list, compiled before its route starts (`_id` = the act document's id): the files whose
 * storage period is over, the documents in them, and, once the act is carried out, what became of each.
 */
const destructionActSchema = new Schema(
  {
    _id: { type: String, required: true },
    compiledBy: { type: String, required: true },
    compiledAt: { type: Date, required: true },
    files: {
      type: [{ fileId: String, index: String, year: Number, title: { kk: String, ru: String }, retentionYears: Number, retentionArticle: String, documents: Number, _id: false }],
      default: [],
    },
    documentIds: { type: [String], default: [] },
    /** Documents of the listed files left out at compiling, with why (a legal hold on the document). */
    excluded: { type: [{ documentId: String, number: String, reason: String, _id: false }], default: [] },
    state: { type: String, enum: ['compiled', 'completed'], required: true },
    completedAt: { type: Date },
    outcome: { type: [{ documentId: String, number: String, result: { type: String, enum: ['destroyed', 'kept'] }, reason: String, _id: false }], default: [] },
  },
  { versionKey: false, minimize: false },
);

export type ArchiveRecord = InferSchemaType<typeof archiveRecordSchema>;
export type LegalHoldRecord = InferSchemaType<typeof legalHoldSchema>;
export type ArchiveCheckRecord = InferSchemaType<typeof archiveCheckSchema>;
export type ArchiveCheckItemRecord = InferSchemaType<typeof archiveCheckItemSchema>;
export type DestructionActRecord = InferSchemaType<typeof destructionActSchema>;

export function createArchiveModels(connection: Connection) {
  return {
    ArchiveRecord: connection.model<ArchiveRecord>('ArchiveRecord', archiveRecordSchema, 'archive_records') as Model<ArchiveRecord>,
    LegalHold: connection.model<LegalHoldRecord>('LegalHold', legalHoldSchema, 'legal_holds') as Model<LegalHoldRecord>,
    ArchiveCheck: connection.model<ArchiveCheckRecord>('ArchiveCheck', archiveCheckSchema, 'archive_checks') as Model<ArchiveCheckRecord>,
    DestructionAct: connection.model<DestructionActRecord>('DestructionAct', destructionActSchema, 'destruction_acts') as Model<DestructionActRecord>,
    ArchiveCheckItem: connection.model<ArchiveCheckItemRecord>('ArchiveCheckItem', archiveCheckItemSchema, 'archive_check_items') as Model<ArchiveCheckItemRecord>,
  };
}
