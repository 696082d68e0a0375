/**
 * The archive over HTTP: closed files are handed to the archive with, per document, the signed content as
 * it stood, the signatures (CMS bytes, verdicts and their reports, which carry the certificates), the files'
 * digests and the receipts (seed-003 §§24–29); an archived document is read-only and downloadable as one
 * ZIP package; legal holds stop destruction. Every change is an audit event.
 */
import { createHash } from 'node:crypto';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { AttachmentStore } from '../../domain/attachments/attachment-store';
import { executionFilesOwner } from '../../domain/records/execution-files';
import { jsZip } from '../../domain/rendering/file-libraries';
import { parseCmsInput } from '../../signing';
import { readSignedData } from '../../signing/cms/read-signed-data';
import { isDuplicateKey } from '../../domain/journals/sequence-claim';
import { checkArchiveFile, holdId, HOLD_LIFTERS, type HoldFacts } from '../../domain/records/archive';
import { checkCloseYear, type CaseFileFacts } from '../../domain/records/nomenclature';
import { createSignedContentBuilder, SIGNED_FIELDS, type SignedCard } from '../../domain/signatures/signed-content';
import type { HoldKind } from '../../db/models/archive';
import type { Models } from '../../db/models';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';
import { astanaYear, type NomenclatureService } from './nomenclature-service';

interface StoredReport {
  signers?: Array<{ subject?: { commonName?: string; iin?: string } }>;
  failures?: Array<{ code?: string }>;
  reason?: string;
}

export function createArchiveService(deps: { models: Models; documents: DocumentService; nomenclature: NomenclatureService; store: AttachmentStore; audit: AuditChain; now?: () => Date }) {
  const { models, documents, nomenclature, store, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const signedContent = createSignedContentBuilder(models);

  async function signaturesOf(documentId: string, listed: string[] | null | undefined) {
    // The card lists its signatures (read by _id); an older card is searched by document.
    const rows = listed ? await Promise.all(listed.map((id) => models.Signature.findById(id).lean())) : await models.Signature.find({ documentId }).lean();
    return rows.filter((s): s is NonNullable<typeof s> => s !== null && s.documentId === documentId);
  }

  /**
   * The files of the document's execution cards (the executors' report attachments), read per resolution and
   * executor of the route's state: they are stored under owner keys of their own, not the document's.
   */
  async function executionCardFiles(documentId: string, routeState: unknown) {
    const resolutions = (routeState as { resolutions?: Array<{ id: string; responsibleExecutorId: string; coExecutorIds?: string[] }> } | undefined)?.resolutions ?? [];
    const found = [];
    for (const r of resolutions) {
      for (const executorId of new Set([r.responsibleExecutorId, ...(r.coExecutorIds ?? [])])) {
        for (const f of await store.list(executionFilesOwner(documentId, r.id, executorId))) found.push({ ...f, resolutionId: r.id, executorId });
      }
    }
    return found;
  }

  /** The certificates in a stored CMS; none when it cannot be read (it is kept as it came all the same). */
  function certificatesIn(cms: Buffer): Uint8Array[] {
    if (cms.length === 0) return [];
    try {
      return readSignedData(parseCmsInput(cms)).certificates;
    } catch {
      return [];
    }
  }

  /** Writes the document's archive record once; a second archiving of the same document finds it and keeps it. */
  async function archiveDocument(actor: AuthenticatedActor, documentId: string, file: { _id: string; index: string }): Promise<boolean> {
    if (await models.ArchiveRecord.exists({ _id: documentId })) return false;
    const doc = await models.Document.findById(documentId, { ...SIGNED_FIELDS, registration: 1, draftNumber: 1, createdAt: 1, signatureIds: 1, state: 1 }).lean();
    if (!doc) return false;
    const [content, signatures, attachments, cardFiles, receipt, delivery] = await Promise.all([
      signedContent(documentId, doc as unknown as SignedCard),
      signaturesOf(documentId, doc.signatureIds),
      store.list(documentId),
      executionCardFiles(documentId, doc.state),
      models.Notice.findById(`${documentId}:receipt`).lean(),
      models.Delivery.findById(documentId).lean(),
    ]);
    const receipts = [
      ...(receipt ? [{ kind: 'receipt-notification', issuedAt: receipt.issuedAt, sha256: receipt.sha256, text: receipt.text, fields: receipt.fields }] : []),
      ...(delivery?.receipt?.receivedAt ? [{ kind: 'delivery-receipt', recipient: delivery.recipient, sentAt: delivery.sentAt, ...delivery.receipt }] : []),
    ];
    try {
      await models.ArchiveRecord.create({
        _id: documentId,
        fileId: file._id,
        fileIndex: file.index,
        state: 'archived',
        archivedAt: now(),
        archivedBy: actor.employeeId,
        number: doc.registration?.number ?? doc.draftNumber ?? documentId,
        date: doc.registration?.registeredAt ?? doc.createdAt,
        title: doc.title,
        signedContent: content.bytes,
        contentSha256: content.sha256,
        attachments: [
          ...attachments.map((a) => ({ id: a.id, name: a.filename, sha256: a.sha256, size: a.size })),
          ...cardFiles.map((f) => ({ id: f.id, name: f.filename, sha256: f.sha256, size: f.size, resolutionId: f.resolutionId, executorId: f.executorId })),
        ],
        signatures: signatures.map((s) => {
          const report = (s.report ?? {}) as StoredReport;
          const signer = report.signers?.[0]?.subject;
          return { id: s._id, status: s.status, contentSha256: s.contentSha256, verifiedAt: s.verifiedAt, signer: signer?.commonName, iin: signer?.iin, reason: s.status === 'valid' ? undefined : (report.reason ?? report.failures?.[0]?.code) };
        }),
        receipts,
      });
    } catch (error) {
      if (isDuplicateKey(error)) return false; // archived by a concurrent request
      throw error;
    }
    await audit.append([{ eventKey: `${documentId}:document.archived`, type: 'document.archived', at: now(), actorId: actor.employeeId, documentId, data: { fileId: file._id, contentSha256: content.sha256, signatures: signatures.length, attachments: attachments.length } }]);
    return true;
  }

  /** Hands a closed file to the archive: each filed document gets its archive record, then the file is archived. */
  async function archiveFile(actor: AuthenticatedActor, fileId: string) {
    const file = await models.CaseFile.findById(fileId).lean();
    if (!file) throw problems.notFound(`File ${fileId}`);
    const refusal = checkArchiveFile({ state: file.state as CaseFileFacts['state'], index: file.index });
    if (refusal) throw new HttpProblem(refusal.status, refusal.code, 'The file cannot go to the archive', refusal.message, { errors: [{ field: `params.${refusal.field}`, message: refusal.message }] });
    const filings = await models.Filing.find({ fileId }, { _id: 1 }).sort({ filedAt: 1 }).lean();
    let archived = 0;
    // Documents first, the file's state last: an interrupted archiving is finished by archiving again.
    for (const filing of filings) if (await archiveDocument(actor, filing._id, file)) archived++;
    if (file.state !== 'archived') {
      const at = now();
      await models.CaseFile.updateOne({ _id: fileId }, { $set: { state: 'archived', archivedAt: at, archivedBy: actor.employeeId } });
      await audit.append([{ eventKey: `nomenclature:${fileId}:archived`, type: 'file.archived', at, actorId: actor.employeeId, data: { fileId, documents: filings.length } }]);
    }
    return { fileId, index: file.index, state: 'archived' as const, documents: filings.length, archivedNow: archived };
  }

  /** Year end: the files still open are closed, and every closed file of the year goes to the archive. */
  async function archiveYear(actor: AuthenticatedActor, year: number) {
    const refusal = checkCloseYear(year, astanaYear(now()));
    if (refusal) throw new HttpProblem(409, 'year-not-over', 'The year is not over', refusal, { errors: [{ field: 'body.year', message: refusal }] });
    const { closed } = await nomenclature.closeYear(actor, year);
    const files = await models.CaseFile.find({ year, state: 'closed' }, { _id: 1 }).lean();
    const archived = [];
    for (const f of files) archived.push((await archiveFile(actor, f._id)).fileId);
    return { year, closed, archived: archived.sort() };
  }

  async function isArchived(documentId: string): Promise<{ state: string; number: string; actNumber?: string; actDate?: Date } | undefined> {
    const record = await models.ArchiveRecord.findById(documentId, { state: 1, number: 1, destroyed: 1 }).lean();
    return record ? { state: record.state, number: record.number, actNumber: record.destroyed?.actNumber ?? undefined, actDate: record.destroyed?.actDate ?? undefined } : undefined;
  }

  async function recordOf(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    const record = await models.ArchiveRecord.findById(documentId, { signedContent: 0 }).lean();
    if (!record) throw problems.notFound(`The archive record of document ${documentId}`);
    return record;
  }

  function archiveView(record: Awaited<ReturnType<typeof recordOf>>, hold: HoldFacts | undefined) {
    return {
      documentId: record._id,
      state: record.state as 'archived' | 'destroyed',
      fileId: record.fileId,
      fileIndex: record.fileIndex,
      number: record.number,
      date: new Date(record.date).toISOString(),
      title: record.title,
      archivedAt: new Date(record.archivedAt).toISOString(),
      contentSha256: record.contentSha256,
      attachments: (record.attachments ?? []).map((a) => ({ name: a.name ?? '', sha256: a.sha256 ?? '', size: a.size ?? 0, ...(a.resolutionId && { executionCard: { resolutionId: a.resolutionId, executorId: a.executorId ?? '' } }) })),
      signatures: (record.signatures ?? []).map((s) => ({ id: s.id, status: s.status, signer: s.signer ?? undefined, verifiedAt: s.verifiedAt ? new Date(s.verifiedAt).toISOString() : undefined, reason: s.reason ?? undefined })),
      receipts: ((record.receipts ?? []) as Array<{ kind: string }>).map((r) => r.kind),
      destroyed: record.destroyed?.actId ? { actId: record.destroyed.actId, actNumber: record.destroyed.actNumber ?? '', actDate: new Date(record.destroyed.actDate ?? 0).toISOString() } : undefined,
      hold: hold ? { kind: hold.kind, reason: hold.reason } : undefined,
    };
  }

  async function holdsFor(documentId: string, fileId: string): Promise<HoldFacts[]> {
    const rows = await Promise.all([models.LegalHold.findById(holdId('document', documentId)).lean(), models.LegalHold.findById(holdId('file', fileId)).lean()]);
    return rows.filter((h): h is NonNullable<typeof h> => h !== null).map((h) => ({ kind: h.kind as HoldKind, targetId: h.targetId, reason: h.reason }));
  }

  async function get(actor: AuthenticatedActor, documentId: string) {
    const record = await recordOf(actor, documentId);
    const [hold] = await holdsFor(documentId, record.fileId);
    return archiveView(record, hold);
  }

  /**
   * The archive package: one ZIP with the register entry and manifest, the signed content, every file, every
   * signature's CMS (with the certificates it carries) and its verification report, and the receipts.
   */
  async function packageOf(actor: AuthenticatedActor, documentId: string): Promise<{ bytes: Buffer; filename: string }> {
    const record = await recordOf(actor, documentId);
    if (record.state === 'destroyed') {
      throw problems.conflict(`The contents of № ${record.number} were destroyed by act № ${record.destroyed?.actNumber ?? ''}; only its register entry is kept.`, 'document-destroyed');
    }
    const full = await models.ArchiveRecord.findById(documentId, { signedContent: 1 }).lean();
    const zip = new (jsZip())();
    const [hold] = await holdsFor(documentId, record.fileId);
    zip.file('manifest.json', JSON.stringify({ qujatArchivePackage: 1, ...archiveView(record, hold) }, null, 2));
    if (full?.signedContent) zip.file('signed-content.json', Buffer.from(full.signedContent.buffer));
    // The document's own files under files/, the execution cards' under execution-files/<executor>/, numbered in each.
    const numbered = new Map<string, number>();
    for (const a of record.attachments ?? []) {
      const folder = a.resolutionId ? `execution-files/${a.executorId}` : 'files';
      const n = (numbered.get(folder) ?? 0) + 1;
      numbered.set(folder, n);
      const chunks: Buffer[] = [];
      for await (const chunk of store.openStream(a.id!)) chunks.push(chunk as Buffer);
      zip.file(`${folder}/${String(n).padStart(2, '0')}-${a.name}`, Buffer.concat(chunks));
    }
    // Each certificate the signatures carry also as a file of its own (named by its SHA-256), so that the
    // package can be read without a CMS parser; certificates.json says which signature carried which.
    const certificates = new Map<string, { file: string; signatures: string[] }>();
    for (const s of record.signatures ?? []) {
      const stored = await models.Signature.findById(s.id, { cms: 1, report: 1 }).lean();
      if (!stored) continue;
      const cms = Buffer.from(stored.cms.buffer);
      zip.file(`signatures/${s.id}.p7s`, cms);
      zip.file(`signatures/${s.id}.report.json`, JSON.stringify(stored.report ?? null, null, 2));
      for (const der of certificatesIn(cms)) {
        const sha256 = createHash('sha256').update(der).digest('hex');
        const known = certificates.get(sha256);
        if (known) {
          known.signatures.push(s.id);
          continue;
        }
        const file = `certificates/${sha256.slice(0, 16)}.cer`;
        zip.file(file, der);
        certificates.set(sha256, { file, signatures: [s.id] });
      }
    }
    zip.file('certificates.json', JSON.stringify([...certificates].map(([sha256, c]) => ({ sha256, ...c })), null, 2));
    zip.file('receipts.json', JSON.stringify(record.receipts ?? [], null, 2));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await audit.append([{ eventKey: `archive-package:${documentId}:${now().toISOString()}:${actor.employeeId}`, type: 'document.archive-downloaded', at: now(), actorId: actor.employeeId, documentId, data: { bytes: bytes.length } }]);
    return { bytes, filename: `archive-${record.number.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.zip` };
  }

  async function targetExists(kind: HoldKind, targetId: string): Promise<boolean> {
    return kind === 'file' ? (await models.CaseFile.exists({ _id: targetId })) !== null : (await models.Document.exists({ _id: targetId })) !== null;
  }

  /** A legal hold on a file or a document: no destruction act may list it, and a running act skips it. */
  async function setHold(actor: AuthenticatedActor, input: { kind: HoldKind; targetId: string; reason: string }) {
    if (!(await targetExists(input.kind, input.targetId))) throw problems.validation([{ field: 'body.targetId', message: `no ${input.kind} "${input.targetId}"` }]);
    const id = holdId(input.kind, input.targetId);
    const at = now();
    try {
      await models.LegalHold.create({ _id: id, ...input, setBy: actor.employeeId, setAt: at });
    } catch (error) {
      if (isDuplicateKey(error)) throw problems.conflict(`The ${input.kind} is already under a legal hold.`, 'hold-exists');
      throw error;
    }
    await audit.append([{ eventKey: `hold:${id}:set:${at.toISOString()}`, type: 'hold.set', at, actorId: actor.employeeId, ...(input.kind === 'document' && { documentId: input.targetId }), data: { kind: input.kind, targetId: input.targetId, reason: input.reason } }]);
    return { kind: input.kind, targetId: input.targetId, reason: input.reason, setBy: actor.employeeId, setAt: at.toISOString() };
  }

  async function liftHold(actor: AuthenticatedActor, kind: HoldKind, targetId: string, reason: string) {
    if (!actor.roles.some((r) => (HOLD_LIFTERS as readonly string[]).includes(r))) throw problems.forbidden('A legal hold is lifted by an administrator or an auditor, never by the archivist who destroys.');
    const id = holdId(kind, targetId);
    const hold = await models.LegalHold.findById(id).lean();
    if (!hold) throw problems.notFound(`A legal hold on ${kind} ${targetId}`);
    await models.LegalHold.deleteOne({ _id: id });
    const at = now();
    await audit.append([{ eventKey: `hold:${id}:lifted:${at.toISOString()}`, type: 'hold.lifted', at, actorId: actor.employeeId, ...(kind === 'document' && { documentId: targetId }), data: { kind, targetId, reason, heldSince: hold.setAt, heldFor: hold.reason } }]);
    return { kind, targetId, liftedAt: at.toISOString() };
  }

  /** Every hold (a short list: holds are set one by one by people). */
  async function listHolds() {
    const rows = await models.LegalHold.find({}).sort({ setAt: 1 }).lean();
    const items = [];
    for (const h of rows) {
      // What a clerk recognises: the file's index and year, the document's number.
      const file = h.kind === 'file' ? await models.CaseFile.findById(h.targetId, { index: 1, year: 1 }).lean() : null;
      const doc = h.kind === 'document' ? await models.Document.findById(h.targetId, { registration: 1, draftNumber: 1, title: 1 }).lean() : null;
      const label = file ? `${file.index} (${file.year})` : doc ? `№ ${doc.registration?.number ?? doc.draftNumber ?? ''} ${doc.title}`.trim() : '';
      items.push({ kind: h.kind as HoldKind, targetId: h.targetId, label, reason: h.reason, setBy: h.setBy, setAt: new Date(h.setAt).toISOString() });
    }
    return { items };
  }

  return { archiveFile, archiveYear, isArchived, get, packageOf, setHold, liftHold, listHolds, holdsFor };
}

export type ArchiveService = ReturnType<typeof createArchiveService>;
