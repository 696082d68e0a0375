/**
 * Files of execution cards over HTTP: an executor with an open execution task uploads the report's files
 * (same limits, format checks and streaming as a document's files), then files the card naming them.
 */
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { AttachmentStore } from '../../domain/attachments/attachment-store';
import { contentDisposition } from '../../domain/attachments/safe-filename';
import { AttachmentRuleError } from '../../domain/attachments/upload-inspector';
import type { Models } from '../../db/models';
import { executionFilesOwner, isExecutionFileOf } from '../../domain/records/execution-files';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import { attachmentProblem } from './attachment-service';
import type { DocumentService } from './document-service';

interface LiveTask {
  kind: string;
  state: string;
  assigneeId: string;
  resolutionId?: string;
}

export function createExecutionFilesService(deps: { models: Models; store: AttachmentStore; documents: DocumentService; audit: AuditChain }) {
  const { models, store, documents, audit } = deps;

  async function upload(actor: AuthenticatedActor, documentId: string, query: { resolutionId: string; filename: string }, req: Request) {
    if (req.is('application/json') || req.is('multipart/*') || req.is('application/x-www-form-urlencoded')) {
      throw problems.unsupportedMediaType('Send the file itself as the request body (e.g. Content-Type: application/octet-stream) with ?filename=.');
    }
    const doc = await documents.get(actor, documentId);
    const tasks = ((doc.workflow as { tasks?: LiveTask[] } | undefined)?.tasks ?? []) as LiveTask[];
    const open = tasks.some((t) => t.kind === 'execute' && t.state === 'open' && t.assigneeId === actor.employeeId && t.resolutionId === query.resolutionId);
    if (!open) throw problems.conflict(`You have no open execution task on resolution ${query.resolutionId} of this document.`, 'no-execution-task');
    const owner = executionFilesOwner(documentId, query.resolutionId, actor.employeeId);
    const length = req.get('content-length');
    try {
      const stored = await store.upload({ documentId: owner, kind: 'attachment', filename: query.filename, uploadedBy: actor.employeeId, source: req, declaredBytes: length !== undefined ? Number(length) : undefined });
      await audit.append([
        {
          eventKey: `${documentId}:execution-file.added:${stored.id}`,
          type: 'execution-file.added',
          at: new Date(),
          actorId: actor.employeeId,
          documentId,
          data: { attachmentId: stored.id, resolutionId: query.resolutionId, filename: stored.filename, sha256: stored.sha256, size: stored.size },
        },
      ]);
      return view(documentId, query.resolutionId, stored);
    } catch (error) {
      if (error instanceof AttachmentRuleError) {
        if (!req.complete) req.res?.setHeader('Connection', 'close');
        throw attachmentProblem(error);
      }
      throw error;
    }
  }

  function view(documentId: string, resolutionId: string, f: Awaited<ReturnType<AttachmentStore['list']>>[number]) {
    return { id: f.id, documentId, resolutionId, filename: f.filename, format: f.format, contentType: f.contentType, size: f.size, sha256: f.sha256, uploadedBy: f.uploadedBy, uploadedAt: f.uploadedAt };
  }

  /** The files of one resolution's cards (every executor's), for whoever sees the document. */
  async function list(actor: AuthenticatedActor, documentId: string, resolutionId: string) {
    const doc = await documents.get(actor, documentId);
    const executors = new Set<string>();
    const state = doc.workflow as { resolutions?: Array<{ id: string; responsibleExecutorId: string; coExecutorIds: string[] }> } | undefined;
    for (const r of state?.resolutions ?? []) if (r.id === resolutionId) [r.responsibleExecutorId, ...r.coExecutorIds].forEach((id) => executors.add(id));
    const items = [];
    for (const executor of executors) items.push(...(await store.list(executionFilesOwner(documentId, resolutionId, executor))).map((f) => view(documentId, resolutionId, f)));
    return { documentId, resolutionId, limits: store.limits, items };
  }

  async function download(actor: AuthenticatedActor, documentId: string, fileId: string, res: Response): Promise<void> {
    await documents.loadVisible(actor, documentId);
    const record = await models.Attachment.findById(fileId, { documentId: 1 }).lean();
    if (!record || !isExecutionFileOf(record.documentId, documentId)) throw problems.notFound(`File ${fileId}`);
    const found = await store.find(record.documentId, fileId);
    if (!found) throw problems.notFound(`File ${fileId}`);
    res.status(200);
    res.setHeader('Content-Type', found.contentType);
    res.setHeader('Content-Length', String(found.size));
    res.setHeader('Content-Disposition', contentDisposition(found.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('ETag', `"sha256-${found.sha256}"`);
    await pipeline(store.openStream(fileId), res);
  }

  /** Removed by its uploader, only while no filed card names it (a filed report keeps its files). */
  async function remove(actor: AuthenticatedActor, documentId: string, fileId: string): Promise<void> {
    const doc = await documents.get(actor, documentId);
    const record = await models.Attachment.findById(fileId, { documentId: 1, uploadedBy: 1 }).lean();
    if (!record || !isExecutionFileOf(record.documentId, documentId)) throw problems.notFound(`File ${fileId}`);
    if (record.uploadedBy !== actor.employeeId) throw problems.forbidden('Only the executor who uploaded a file removes it.');
    const cards = ((doc.workflow as { cards?: Array<{ attachmentIds: string[] }> } | undefined)?.cards ?? []);
    if (cards.some((c) => c.attachmentIds.includes(fileId))) throw problems.conflict('A filed execution card names this file; it stays with the report.', 'file-in-card');
    await store.remove(record.documentId, fileId);
    await audit.append([{ eventKey: `${documentId}:execution-file.removed:${fileId}`, type: 'execution-file.removed', at: new Date(), actorId: actor.employeeId, documentId, data: { attachmentId: fileId } }]);
  }

  return { upload, list, download, remove };
}

export type ExecutionFilesService = ReturnType<typeof createExecutionFilesService>;
