/** /api/documents/:id/attachments: streamed upload (raw body), list, streamed download, delete. */
import { ATTACHMENT_KINDS } from '../../db/models/attachment';
import type { RouteKit } from '../route-kit';
import type { AttachmentService } from '../services/attachment-service';
import { z } from '../../domain/zod';
import { attachmentList, attachmentView } from '../services/attachment-schemas';

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const params = z.object({ id });
const attachmentParams = z.object({ id, attachmentId: id });
const uploadQuery = z
  .object({
    filename: z.string().min(1).max(1000).openapi({ description: 'The original file name; its extension must match the content.', example: 'приложение-1.pdf' }),
    kind: z.enum(ATTACHMENT_KINDS).default('attachment').openapi({ description: 'content = the DOC/DOCX content part; attachment = an attached file.' }),
  })
  .strict();


export function mountAttachmentRoutes(route: RouteKit, attachments: AttachmentService): void {
  route(
    {
      method: 'post',
      path: '/api/documents/:id/attachments',
      summary:
        'Upload a file as the raw request body (streamed; SHA-256 computed by the server). Refusals name the rule: 413 size, 415 format, 422 count/name',
      tags: ['attachments'],
      roles: [],
      params,
      query: uploadQuery,
      response: { status: 201, description: 'The stored file', schema: attachmentView },
    },
    async ({ actor, params, query, req, res }) => {
      const stored = await attachments.upload(actor, params.id, query, req);
      res.location(`/api/documents/${params.id}/attachments/${stored.id}`);
      return stored;
    },
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/attachments',
      summary: "The document's files and its limits",
      tags: ['attachments'],
      roles: [],
      params,
      response: { description: 'Files', schema: attachmentList },
    },
    async ({ actor, params }) => attachments.list(actor, params.id),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/attachments/:attachmentId',
      summary: 'Download a file (streamed, with its SHA-256 as ETag)',
      tags: ['attachments'],
      roles: [],
      params: attachmentParams,
      response: { description: 'The file', contentType: 'application/octet-stream', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ actor, params, res }) => attachments.download(actor, params.id, params.attachmentId, res),
  );
  route(
    {
      method: 'delete',
      path: '/api/documents/:id/attachments/:attachmentId',
      summary: 'Remove a file (only at the Create point)',
      tags: ['attachments'],
      roles: [],
      params: attachmentParams,
      response: { status: 204, description: 'Removed' },
    },
    async ({ actor, params }) => attachments.remove(actor, params.id, params.attachmentId),
  );
}
