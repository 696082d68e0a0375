/**
 * Correspondence endpoints: rejection reasons, receipt and rejection notices, dispatch and delivery
 * receipts of outgoing documents, generated letters, and the installed templates.
 */
import { REJECTION_REASONS } from '../../domain/correspondence/rejection-reasons';
import { COVER_LETTER_FORMATS } from '../../domain/rendering/letters';
import type { TemplateCatalog } from '../../domain/rendering/template-catalog';
import { contentDisposition } from '../../domain/attachments/safe-filename';
import type { RouteKit } from '../route-kit';
import type { CorrespondenceService } from '../services/correspondence-service';
import { DELIVERY_DESK_STATUSES, deliveryDeskView, deliveryView, issuedNoticeView } from '../services/registry-desk-schemas';
import { z } from '../../domain/zod';

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const params = z.object({ id });
const version = z.coerce.number().int().min(1).max(10_000).optional().openapi({ description: 'A template version; the newest by default.' });
const instant = z.string().datetime({ offset: true });

const reasonView = z.object({ code: z.string(), title: z.object({ kk: z.string(), ru: z.string() }), source: z.string() }).openapi('RejectionReason');
const noticeView = z
  .object({
    id: z.string(),
    documentId: z.string(),
    kind: z.enum(['receipt', 'rejection']),
    language: z.enum(['kk', 'ru']),
    fields: z.record(z.unknown()),
    text: z.string(),
    sha256: z.string(),
    template: z.object({ key: z.string(), version: z.number() }),
    issuedAt: z.string(),
  })
  .openapi('Notice');
const templateView = z
  .object({
    key: z.string(),
    title: z.object({ kk: z.string(), ru: z.string() }),
    description: z.string().optional(),
    required: z.array(z.string()),
    latestVersion: z.number(),
    versions: z.array(z.object({ version: z.number(), languages: z.array(z.string()), formats: z.array(z.string()), publishedAt: z.string().optional(), note: z.string().optional() })),
  })
  .openapi('Template');

export function mountCorrespondenceRoutes(route: RouteKit, service: CorrespondenceService, catalog: TemplateCatalog): void {
  route(
    { method: 'get', path: '/api/rejection-reasons', summary: 'Reasons an incoming document may be refused for (seed-003 §§13–16)', tags: ['correspondence'], roles: [], response: { description: 'Reasons', schema: z.array(reasonView) } },
    async () => REJECTION_REASONS.map((r) => ({ code: r.code, title: { ...r.title }, source: r.source })),
  );
  route(
    { method: 'get', path: '/api/templates', summary: 'Installed letter templates with their versions, languages and formats', tags: ['letters'], roles: [], response: { description: 'Templates', schema: z.array(templateView) } },
    async () => catalog.list(),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/receipt',
      summary: 'The receipt notification of a registered electronic incoming document (seed-003 §17)',
      tags: ['correspondence'],
      roles: [],
      params,
      response: { description: 'The notice', schema: noticeView },
    },
    async ({ actor, params }) => service.receipt(actor, params.id),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/rejection-notice',
      summary: 'The «қабылданбады» notice of a refused incoming document (seed-003 §14)',
      tags: ['correspondence'],
      roles: [],
      params,
      response: { description: 'The notice', schema: noticeView },
    },
    async ({ actor, params }) => service.rejectionNotice(actor, params.id),
  );
  route(
    {
      method: 'post',
      path: '/api/documents/:id/dispatch',
      summary: 'Record that a registered outgoing document was sent; a missing receipt is chased after 1 working day',
      tags: ['correspondence'],
      roles: ['registrar'],
      params,
      body: z.object({ recipient: z.string().trim().min(1).max(300).optional(), sentAt: instant.optional() }).strict(),
      response: { description: 'The delivery', schema: deliveryView },
    },
    async ({ actor, params, body }) => service.dispatch(actor, params.id, body),
  );
  route(
    {
      method: 'post',
      path: '/api/documents/:id/delivery-receipt',
      summary: "Record the recipient's receipt notification for our outgoing document",
      tags: ['correspondence'],
      roles: ['registrar'],
      params,
      body: z.object({ receivedAt: instant, recipientNumber: z.string().trim().max(100).optional(), recipientDate: z.string().trim().max(20).optional() }).strict(),
      response: { description: 'The delivery', schema: deliveryView },
    },
    async ({ actor, params, body }) => service.recordDeliveryReceipt(actor, params.id, body),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/delivery',
      summary: 'Delivery of an outgoing document: sent, receipt due, received or not delivered',
      tags: ['correspondence'],
      roles: [],
      params,
      response: { description: 'The delivery', schema: deliveryView },
    },
    async ({ actor, params }) => service.delivery(actor, params.id),
  );
  route(
    {
      method: 'get',
      path: '/api/notices',
      summary: 'The receipt notifications and «қабылданбады» notices the registry issued, newest first',
      tags: ['correspondence'],
      roles: ['registrar', 'administrator', 'auditor'],
      query: z.object({ kind: z.enum(['receipt', 'rejection']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
      response: {
        description: 'Notices with the card they are about',
        schema: z.array(issuedNoticeView),
      },
    },
    async ({ query }) => service.notices(query),
  );
  route(
    {
      method: 'get',
      path: '/api/deliveries',
      summary: "The dispatch desk: the year's outgoing registrations — to send, awaiting the recipient's receipt, received, not delivered",
      tags: ['correspondence'],
      roles: ['registrar', 'administrator', 'auditor'],
      query: z
        .object({
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          status: z.enum(DELIVERY_DESK_STATUSES).optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(100),
        })
        .strict(),
      response: {
        description: 'One page of the desk, with the count in each state',
        schema: deliveryDeskView,
      },
    },
    async ({ query }) => service.deliveries(query),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/cover-letter',
      summary: 'The cover letter generated from its template in the document language: DOCX to edit, HTML or PDF to view',
      tags: ['letters'],
      roles: [],
      params,
      query: z.object({ format: z.enum(COVER_LETTER_FORMATS).default('docx'), version }).strict(),
      response: { description: 'The letter', contentType: 'application/octet-stream', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ actor, params, query, res }) => {
      const file = await service.coverLetter(actor, params.id, query.format, query.version);
      send(res, file, query.format === 'docx' ? 'attachment' : 'inline');
    },
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/paper-copy.pdf',
      summary: 'The paper copy of the e-document: printable PDF with the copy mark, signature check result, system, print date and sheets',
      tags: ['letters'],
      roles: [],
      params,
      query: z.object({ version }).strict(),
      response: { description: 'The PDF', contentType: 'application/pdf', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ actor, params, query, res }) => send(res, await service.paperCopy(actor, params.id, query.version), 'inline'),
  );
}

function send(
  res: import('express').Response,
  file: { bytes: Buffer; contentType: string; filename: string; template: { key: string; version: number; language: string }; pages?: number },
  disposition: 'attachment' | 'inline',
): void {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.filename, disposition));
  res.setHeader('X-Template', `${file.template.key}@${file.template.version}/${file.template.language}`);
  if (file.pages !== undefined) res.setHeader('X-Sheets', String(file.pages));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(file.bytes);
}
