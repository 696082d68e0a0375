/**
 * Carries out a destruction act when its route completes (signed by the head and registered): for each listed
 * document, the legal holds are checked again (a hold set after the act was compiled still stops that
 * document, and the act records why); otherwise its contents go (the files' bytes, the signatures' CMS and
 * reports, the archived signed content) and its register entry stays (number, date, title, file index,
 * the card), with one audit event per destroyed document. Runs inside the `recordTransition` activity
 * (activities/documents/with-transition-hooks), so the workflow stays a plain document route.
 *
 * Idempotent: each document's destruction is a set of deletions and `$set`s that a retry repeats harmlessly;
 * the audit events are keyed by document, and the act is marked completed last.
 */
import mongoose from 'mongoose';
import type { Models } from '../../db/models';
import type { RecordTransitionInput } from '../../activities/contracts';
import type { AuditChain } from '../audit/audit-chain';
import { ATTACHMENT_BUCKET } from '../attachments/attachment-store';
import { holdId, holdOn, type HoldFacts } from './archive';

export const DESTRUCTION_ACT_TYPE = 'destruction-act';

export function createDestructionEffects(deps: { models: Models; audit: AuditChain }) {
  const { models, audit } = deps;
  const bucket = () => new mongoose.mongo.GridFSBucket(models.Document.db.db!, { bucketName: ATTACHMENT_BUCKET });

  async function holdsOf(documentId: string, fileId: string): Promise<HoldFacts[]> {
    const rows = await Promise.all([models.LegalHold.findById(holdId('document', documentId)).lean(), models.LegalHold.findById(holdId('file', fileId)).lean()]);
    return rows.filter((h): h is NonNullable<typeof h> => h !== null).map((h) => ({ kind: h.kind as 'file' | 'document', targetId: h.targetId, reason: h.reason }));
  }

  async function destroyContents(record: { _id: string; attachments?: Array<{ id?: string | null }>; signatures?: Array<{ id: string }> }): Promise<void> {
    for (const a of record.attachments ?? []) {
      if (!a.id) continue;
      await bucket()
        .delete(a.id as never)
        .catch(() => undefined); // already gone (a retry)
      await models.Attachment.updateOne({ _id: a.id }, { $set: { state: 'destroyed' } });
    }
    for (const s of record.signatures ?? []) {
      await models.Signature.updateOne({ _id: s.id }, { $set: { cms: Buffer.alloc(0), report: { destroyed: true } } });
    }
  }

  return async function onTransition(input: RecordTransitionInput): Promise<void> {
    const finished = input.events.find((e) => e.type === 'document.executed');
    if (!finished || input.routeKey !== DESTRUCTION_ACT_TYPE) return;
    const act = await models.DestructionAct.findById(input.documentId).lean();
    if (!act || act.state === 'completed') return; // an act typed by hand, without a compiled list, destroys nothing
    const card = await models.Document.findById(input.documentId, { registration: 1, draftNumber: 1 }).lean();
    const actNumber = card?.registration?.number ?? card?.draftNumber ?? input.documentId;
    const actDate = card?.registration?.registeredAt ?? new Date(finished.atMs);
    const at = new Date(finished.atMs);
    const outcome: Array<{ documentId: string; number: string; result: 'destroyed' | 'kept'; reason?: string }> = [];
    const touchedFiles = new Set<string>();
    for (const documentId of act.documentIds ?? []) {
      const record = await models.ArchiveRecord.findById(documentId).lean();
      if (!record) {
        outcome.push({ documentId, number: documentId, result: 'kept', reason: 'not in the archive' });
        continue;
      }
      touchedFiles.add(record.fileId);
      if (record.state === 'destroyed' && record.destroyed?.actId !== input.documentId) {
        outcome.push({ documentId, number: record.number, result: 'kept', reason: `already destroyed by act № ${record.destroyed?.actNumber ?? ''}` });
        continue;
      }
      const hold = holdOn(await holdsOf(documentId, record.fileId), documentId, record.fileId);
      if (hold) {
        outcome.push({ documentId, number: record.number, result: 'kept', reason: `legal hold on the ${hold.kind}: ${hold.reason}` });
        await audit.append([{ eventKey: `${documentId}:destruction-withheld:${input.documentId}`, type: 'document.destruction-withheld', at, documentId, data: { actId: input.documentId, actNumber, hold: hold.kind, reason: hold.reason } }]);
        continue;
      }
      await destroyContents(record);
      await models.ArchiveRecord.updateOne(
        { _id: documentId },
        { $set: { state: 'destroyed', destroyed: { actId: input.documentId, actNumber, actDate, at } }, $unset: { signedContent: 1, receipts: 1 } },
      );
      await audit.append([
        {
          eventKey: `${documentId}:document.destroyed`,
          type: 'document.destroyed',
          at,
          documentId,
          data: { actId: input.documentId, actNumber, fileId: record.fileId, number: record.number, attachments: (record.attachments ?? []).length, signatures: (record.signatures ?? []).length },
        },
      ]);
      outcome.push({ documentId, number: record.number, result: 'destroyed' });
    }
    // A file whose every archived document is destroyed is destroyed itself; one with a kept document stays archived.
    for (const fileId of touchedFiles) {
      const filed = await models.Filing.find({ fileId }, { _id: 1 }).lean();
      const states = await Promise.all(filed.map((f) => models.ArchiveRecord.findById(f._id, { state: 1 }).lean()));
      if (states.every((s) => s?.state === 'destroyed')) await models.CaseFile.updateOne({ _id: fileId }, { $set: { state: 'destroyed' } });
    }
    await models.DestructionAct.updateOne({ _id: input.documentId }, { $set: { state: 'completed', completedAt: at, outcome } });
    await audit.append([
      {
        eventKey: `${input.documentId}:destruction-act.completed`,
        type: 'destruction-act.completed',
        at,
        documentId: input.documentId,
        data: { actNumber, destroyed: outcome.filter((o) => o.result === 'destroyed').length, kept: outcome.filter((o) => o.result === 'kept').map((o) => ({ documentId: o.documentId, reason: o.reason })) },
      },
    ]);
  };
}
