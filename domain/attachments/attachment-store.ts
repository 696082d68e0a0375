/**
 * A document's files in GridFS (bucket "attachments"), streamed in and out, never held whole.
 *
 * Limits without transactions (the embedded database has none, and its conditional updates are not
 * atomic): the file count is enforced by claiming a slot under the unique (documentId, slot) index;
 * the total size is checked again after the file is stored, and a file that pushed the total over the
 * limit removes itself. Two racing uploads may then both be refused, never both accepted.
 * A slot left 'uploading' by a crash is reclaimed after `staleUploadMs`.
 *
 * GridFS works on the embedded FerretDB v1 (SQLite): checked with a 3 MB round trip, range reads and
 * the driver's (files_id, n) unique index.
 */
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import mongoose, { type Connection } from 'mongoose';
import type { Models } from '../../db/models';
import type { AttachmentKind } from '../../db/models/attachment';
import { isDuplicateKey } from '../journals/sequence-claim';
import { allowedExtensions, claimedFormat, FORMAT_RULES } from './file-formats';
import { safeFilename } from './safe-filename';
import { AttachmentRuleError, UploadInspector } from './upload-inspector';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../../config/attachment-limits';

export interface AttachmentInfo {
  id: string;
  documentId: string;
  kind: AttachmentKind;
  filename: string;
  format: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface UploadInput {
  documentId: string;
  kind: AttachmentKind;
  filename: string;
  uploadedBy: string;
  source: Readable;
  /** Content-Length, when the client sent one: lets an oversized upload be refused before it starts. */
  declaredBytes?: number;
}

export const ATTACHMENT_BUCKET = 'attachments';

export function createAttachmentStore(deps: {
  models: Pick<Models, 'Attachment'>;
  db: Connection;
  limits?: AttachmentLimits;
  staleUploadMs?: number;
}) {
  const { Attachment } = deps.models;
  const limits = deps.limits ?? DEFAULT_ATTACHMENT_LIMITS;
  const staleUploadMs = deps.staleUploadMs ?? 15 * 60_000;
  const bucket = () => new mongoose.mongo.GridFSBucket(deps.db.db!, { bucketName: ATTACHMENT_BUCKET });
  let indexesReady: Promise<unknown> | undefined;

  type Stored = Awaited<ReturnType<typeof storedFiles>>[number];
  const info = (r: Stored): AttachmentInfo => ({
    id: r._id,
    documentId: r.documentId,
    kind: r.kind as AttachmentKind,
    filename: r.filename,
    format: r.format ?? '',
    contentType: r.contentType ?? 'application/octet-stream',
    size: r.size ?? 0,
    sha256: r.sha256 ?? '',
    uploadedBy: r.uploadedBy,
    uploadedAt: new Date(r.updatedAt ?? r.createdAt ?? 0).toISOString(),
  });

  function storedFiles(documentId: string) {
    return Attachment.find({ documentId, state: 'stored' }).sort({ slot: 1 }).lean();
  }

  async function deleteBytes(id: string): Promise<void> {
    await bucket()
      .delete(id as never)
      .catch(() => undefined); // nothing stored yet, or already gone
  }

  /** Frees slots whose upload died with its process. */
  async function reclaimStale(documentId: string): Promise<void> {
    const stale = await Attachment.find({ documentId, state: 'uploading', updatedAt: { $lt: new Date(Date.now() - staleUploadMs) } }, { _id: 1 }).lean();
    for (const s of stale) {
      await deleteBytes(s._id);
      await Attachment.deleteOne({ _id: s._id, state: 'uploading' });
    }
  }

  /** `seen`: the document's records as just read by the caller, reused for the first round (one scan fewer). */
  async function claimSlot(input: UploadInput, id: string, filename: string, seen?: Array<{ slot: number }>): Promise<void> {
    const slots = input.kind === 'content' ? [0] : Array.from({ length: limits.maxFiles }, (_, i) => i + 1);
    for (let round = 0; round < 2; round++) {
      const rows = round === 0 && seen ? seen : await Attachment.find({ documentId: input.documentId }, { slot: 1 }).lean();
      const taken = new Set(rows.map((a) => a.slot));
      for (const slot of slots.filter((s) => !taken.has(s))) {
        try {
          await Attachment.create({ _id: id, documentId: input.documentId, slot, kind: input.kind, state: 'uploading', filename, uploadedBy: input.uploadedBy });
          return;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error; // a concurrent upload took that slot: try the next
        }
      }
      await reclaimStale(input.documentId);
    }
    if (input.kind === 'content') {
      throw new AttachmentRuleError('content-exists', 'The document already has its content part; delete it before uploading another.');
    }
    throw new AttachmentRuleError('max-files', `A document may have at most ${limits.maxFiles} attachments.`);
  }

  async function totalStoredBytes(documentId: string): Promise<number> {
    return (await storedFiles(documentId)).reduce((sum, f) => sum + (f.size ?? 0), 0);
  }

  async function upload(input: UploadInput): Promise<AttachmentInfo> {
    await (indexesReady ??= Attachment.init());
    const filename = safeFilename(input.filename);
    if (!filename) throw new AttachmentRuleError('filename', 'The file name is empty once path and control characters are removed.');
    const format = claimedFormat(filename, input.kind);
    if (!format) {
      throw new AttachmentRuleError('format', `"${filename}" is not an allowed ${input.kind === 'content' ? 'content part' : 'attachment'} format; allowed: ${allowedExtensions(input.kind).join(', ')}.`);
    }
    // One read of the document's records serves the size pre-check and the first slot claim: on the embedded
    // database every such lookup reads the whole collection (README, "Known limits").
    const records = await Attachment.find({ documentId: input.documentId }, { slot: 1, state: 1, size: 1 }).lean();
    const room = limits.maxTotalBytes - records.filter((r) => r.state === 'stored').reduce((sum, f) => sum + (f.size ?? 0), 0);
    if (input.declaredBytes !== undefined && input.declaredBytes > room) {
      throw new AttachmentRuleError('max-total-size', `The document's files may total at most ${limits.maxTotalBytes} bytes; ${Math.max(0, room)} are left and this file has ${input.declaredBytes}.`);
    }

    const id = randomUUID();
    await claimSlot(input, id, filename, records);
    const inspector = new UploadInspector(format, Math.max(0, room));
    const rule = FORMAT_RULES[format];
    try {
      const sink = bucket().openUploadStreamWithId(id as never, filename, { metadata: { documentId: input.documentId, kind: input.kind } });
      await pipeline(input.source, inspector, sink);
      // The signed content (domain/signatures/signed-content.ts) reads digests from the GridFS files.
      await deps.db.db!.collection(`${ATTACHMENT_BUCKET}.files`).updateOne({ _id: id as never }, { $set: { 'metadata.sha256': inspector.sha256 } });
      await Attachment.updateOne(
        { _id: id },
        { $set: { state: 'stored', format, contentType: rule.mime, size: inspector.bytes, sha256: inspector.sha256 } },
      );
      const total = await totalStoredBytes(input.documentId);
      if (total > limits.maxTotalBytes) {
        throw new AttachmentRuleError('max-total-size', `The document's files would total ${total} bytes; at most ${limits.maxTotalBytes} are allowed.`);
      }
    } catch (error) {
      // The upload stream's own abort removes partial chunks; this removes whatever got committed.
      await deleteBytes(id);
      await Attachment.deleteOne({ _id: id });
      throw error;
    }
    const stored = await Attachment.findById(id).lean();
    return info(stored!);
  }

  async function list(documentId: string): Promise<AttachmentInfo[]> {
    return (await storedFiles(documentId)).map(info);
  }

  async function find(documentId: string, attachmentId: string): Promise<AttachmentInfo | undefined> {
    // By _id, the rest compared here (the embedded database pushes down only `{_id}`).
    const found = await Attachment.findById(attachmentId).lean();
    return found && found.documentId === documentId && found.state === 'stored' ? info(found) : undefined;
  }

  function openStream(attachmentId: string): Readable {
    return bucket().openDownloadStream(attachmentId as never);
  }

  async function remove(documentId: string, attachmentId: string): Promise<boolean> {
    const found = await Attachment.findById(attachmentId, { documentId: 1 }).lean();
    if (found?.documentId !== documentId) return false;
    await deleteBytes(attachmentId);
    await Attachment.deleteOne({ _id: attachmentId });
    return true;
  }

  /** What a signature covers of the files (signed-content.ts): name, SHA-256 and size of each. */
  async function digests(documentId: string): Promise<Array<{ name: string; sha256: string; size: number }>> {
    return (await storedFiles(documentId)).map((f) => ({ name: f.filename, sha256: f.sha256 ?? '', size: f.size ?? 0 }));
  }

  return { upload, list, find, openStream, remove, digests, limits };
}

export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
