/**
 * A document's files over HTTP: who may see and change them, and when. Files change only while the
 * document is at the Create point (draft, returned, withdrawn): after that signatures cover them.
 */
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { AttachmentKind } from '../../db/models/attachment';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { AttachmentStore } from '../../domain/attachments/attachment-store';
import { contentDisposition } from '../../domain/attachments/safe-filename';
import { AttachmentRuleError, type AttachmentRule } from '../../domain/attachments/upload-inspector';
import { CREATE_POINT_STATUSES } from '../../domain/documents/document-state';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';

/** Which status and which request field each broken rule answers with. */
const RULE_RESPONSE: Record<AttachmentRule, { status: number; field: string }> = {
  'max-total-size': { status: 413, field: 'body' },
  format: { status: 415, field: 'query.filename' },
  'max-files': { status: 422, field: 'attachments' },
  'content-exists': { status: 422, field: 'query.kind' },
  filename: { status: 422, field: 'query.filename' },
  empty: { status: 422, field: 'body' },
};

export function attachmentProblem(error: AttachmentRuleError): HttpProblem {
  const { status, field } = RULE_RESPONSE[error.rule];
  const title = status === 413 ? 'The files are too large' : status === 415 ? 'File format not allowed' : 'The file was refused';
  return new HttpProblem(status, `attachment-${error.rule}`, title, error.message, { rule: error.rule, errors: [{ field, message: error.message }] });
}

export function createAttachmentService(deps: { store: AttachmentStore; documents: DocumentService; audit: AuditChain }) {
  const { store, documents, audit } = deps;

  async function requireEditable(actor: AuthenticatedActor, documentId: string): Promise<void> {
    const doc = await documents.get(actor, documentId);
    if (doc.authorId !== actor.employeeId) throw problems.forbidden('Only the author changes the files of a document.');
    if (!CREATE_POINT_STATUSES.includes(doc.status)) {
      throw problems.conflict(`The files can change only at the Create point; the document is ${doc.status}.`, 'not-at-create-point');
    }
  }

  async function upload(actor: AuthenticatedActor, documentId: string, query: { filename: string; kind: AttachmentKind }, req: Request) {
    if (req.is('application/json') || req.is('multipart/*') || req.is('application/x-www-form-urlencoded')) {
      throw problems.unsupportedMediaType('Send the file itself as the request body (e.g. Content-Type: application/octet-stream) with ?filename=.');
    }
    await requireEditable(actor, documentId);
    const length = req.get('content-length');
    try {
      const stored = await store.upload({
        documentId,
        kind: query.kind,
        filename: query.filename,
        uploadedBy: actor.employeeId,
        source: req,
        declaredBytes: length !== undefined ? Number(length) : undefined,
      });
      // The document may have left the Create point while the bytes streamed in.
      const after = await documents.get(actor, documentId);
      if (!CREATE_POINT_STATUSES.includes(after.status)) {
        await store.remove(documentId, stored.id);
        throw problems.conflict(`The document was sent on (${after.status}) while the file was uploading; it was not kept.`, 'not-at-create-point');
      }
      await audit.append([
        {
          eventKey: `${documentId}:attachment.added:${stored.id}`,
          type: 'attachment.added',
          at: new Date(),
          actorId: actor.employeeId,
          documentId,
          data: { attachmentId: stored.id, filename: stored.filename, sha256: stored.sha256, size: stored.size, kind: stored.kind },
        },
      ]);
      return stored;
    } catch (error) {
      if (error instanceof AttachmentRuleError) {
        // The rest of a refused body is not read: close the connection rather than drain it.
        if (!req.complete) req.res?.setHeader('Connection', 'close');
        throw attachmentProblem(error);
      }
      throw error;
    }
  }

  async function list(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    return { documentId, limits: store.limits, items: await store.list(documentId) };
  }

  async function download(actor: AuthenticatedActor, documentId: string, attachmentId: string, res: Response): Promise<void> {
    await documents.loadVisible(actor, documentId);
    const found = await store.find(documentId, attachmentId);
    if (!found) throw problems.notFound(`Attachment ${attachmentId}`);
    res.status(200);
    res.setHeader('Content-Type', found.contentType);
    res.setHeader('Content-Length', String(found.size));
    res.setHeader('Content-Disposition', contentDisposition(found.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('ETag', `"sha256-${found.sha256}"`);
    res.setHeader('Digest', `sha-256=${Buffer.from(found.sha256, 'hex').toString('base64')}`);
    await pipeline(store.openStream(attachmentId), res);
  }

  async function remove(actor: AuthenticatedActor, documentId: string, attachmentId: string): Promise<void> {
    await requireEditable(actor, documentId);
    if (!(await store.remove(documentId, attachmentId))) throw problems.notFound(`Attachment ${attachmentId}`);
    await audit.append([
      { eventKey: `${documentId}:attachment.removed:${attachmentId}`, type: 'attachment.removed', at: new Date(), actorId: actor.employeeId, documentId, data: { attachmentId } },
    ]);
  }

  return { upload, list, download, remove };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
