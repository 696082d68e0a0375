/**
 * Re-verification of the archive: every stored signature of the run's archived documents is verified again
 * with the CMS engine against the signed content the archive kept, and each finding is stored next to the
 * verdict the signature had when it was made. Idempotent: a finding is written under
 * `<run>:<document>:<signature>`, so a retried batch rewrites the same rows; the run is marked finished once.
 */
import { createHash } from 'node:crypto';
import type { Models } from '../../db/models';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import type { ArchiveCheckActivities, ArchiveCheckBatchInput } from './archive-check-contracts';

export function createArchiveCheckActivities(deps: { models: Models; verifyCms: CmsVerifier; audit: AuditChain }): ArchiveCheckActivities {
  const { models, audit } = deps;

  async function checkDocument(runId: string, documentId: string): Promise<number> {
    const record = await models.ArchiveRecord.findById(documentId).lean();
    if (!record || record.state !== 'archived') return 0; // destroyed since the run began: nothing left to verify
    const content = record.signedContent ? Buffer.from(record.signedContent.buffer) : Buffer.alloc(0);
    const contentIntact = createHash('sha256').update(content).digest('hex') === record.contentSha256;
    let checked = 0;
    for (const s of record.signatures ?? []) {
      const stored = await models.Signature.findById(s.id, { cms: 1, createdAt: 1 }).lean();
      const cms = stored?.cms ? new Uint8Array(stored.cms.buffer) : new Uint8Array();
      let verdictNow: 'valid' | 'invalid' | 'missing';
      let reason: string | undefined;
      if (!stored || cms.length === 0) {
        verdictNow = 'missing';
        reason = 'signature-missing';
      } else {
        // The signer is the one the certificate named at signing; the time of receipt is the original one.
        const verdict = await deps.verifyCms({ cms, content, receivedAt: stored.createdAt, expectedIins: s.iin ? [s.iin] : [] });
        verdictNow = verdict.valid ? 'valid' : 'invalid';
        reason = verdict.valid ? undefined : (verdict.failures[0]?.code ?? verdict.reason ?? 'invalid');
      }
      if (!contentIntact) {
        verdictNow = 'invalid';
        reason = `content-changed${reason ? `; ${reason}` : ''}`;
      }
      await models.ArchiveCheckItem.updateOne(
        { _id: `${runId}:${documentId}:${s.id}` },
        { $set: { runId, documentId, signatureId: s.id, signer: s.signer ?? undefined, verdictAtSigning: s.status, verdictNow, reason, checkedAt: new Date() } },
        { upsert: true },
      );
      checked++;
    }
    return checked;
  }

  return {
    async reverifyArchiveBatch(input: ArchiveCheckBatchInput) {
      const run = await models.ArchiveCheck.findById(input.runId, { documentIds: 1 }).lean();
      const ids = run?.documentIds ?? [];
      const batch = ids.slice(input.offset, input.offset + input.size);
      let checked = 0;
      for (const documentId of batch) checked += await checkDocument(input.runId, documentId);
      const next = input.offset + batch.length;
      return { checked, next: next < ids.length ? next : undefined };
    },

    async finishArchiveCheck({ runId, failed }) {
      const run = await models.ArchiveCheck.findById(runId).lean();
      if (!run || run.state !== 'running') return;
      const items = await models.ArchiveCheckItem.find({ runId }, { verdictNow: 1, verdictAtSigning: 1 }).lean();
      const at = new Date();
      await models.ArchiveCheck.updateOne({ _id: runId }, { $set: { state: failed ? 'failed' : 'finished', finishedAt: at } });
      await audit.append([
        {
          eventKey: `archive-check:${runId}:finished`,
          type: 'archive.reverified',
          at,
          actorId: run.startedBy,
          data: { runId, documents: run.documentIds.length, signatures: items.length, notValidNow: items.filter((i) => i.verdictNow !== 'valid').length, failed },
        },
      ]);
    },
  };
}
