/** The card's edits and links: PATCH the card with its version, its edit history, links both ways, a new version, closing control by a reply. */
import { LINK_KINDS } from '../../db/models/records';
import { PAPER_FORMS } from '../../domain/records/card-edit-rules';
import { DOCUMENT_LANGUAGES } from '../../db/models/document';
import type { RouteKit } from '../route-kit';
import type { CardService } from '../services/card-service';
import type { ExecutionFilesService } from '../services/execution-files-service';
import { documentView } from '../services/document-schemas';
import { z } from '../../domain/zod';

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const params = z.object({ id });
const linkParams = z.object({ id, linkId: id });
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'no such date');
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const sheets = z.number().int().min(0).max(100_000).nullable().optional();
const version = z.number().int().min(0).openapi({ description: 'The card version your change was made on (cardVersion of the card you read); a stale one is refused with 409.' });

export const cardChanges = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(500).optional(),
    language: z.enum(DOCUMENT_LANGUAGES).optional(),
    summary: optionalText(20_000),
    correspondent: optionalText(300),
    fields: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean()])).optional(),
    participants: z
      .object({ signer: id.optional(), approvers: z.array(id).max(50).optional(), addressees: z.array(id).max(500).optional(), executor: id.optional(), recipients: z.array(id).max(500).optional() })
      .strict()
      .optional(),
    issueNature: optionalText(500),
    sheetsMain: sheets,
    sheetsAttachments: sheets,
    addresseeBody: optionalText(500),
    addresseePerson: optionalText(300),
    executorPhone: z.string().trim().max(40).regex(/^[0-9+() -]*$/, 'digits, spaces, + ( ) - only').nullable().optional(),
    paperForm: z.enum(PAPER_FORMS).nullable().optional(),
    registrationNumber: z.string().max(100).optional().openapi({ description: 'Never changed by hand: refused, with the reason.' }),
    registrationDate: z.string().max(100).optional().openapi({ description: 'Never changed by hand: refused, with the reason.' }),
  })
  .strict()
  .openapi('CardChanges');

const editBody = z.object({ version, changes: cardChanges, comment: z.string().trim().max(4000).optional() }).strict().openapi('CardEdit');
const change = z.object({ field: z.string(), old: z.unknown(), new: z.unknown() });
const editList = z
  .object({
    documentId: z.string(),
    cardVersion: z.number(),
    items: z.array(z.object({ version: z.number(), kind: z.enum(['edit', 'link-added', 'link-removed']), actorId: z.string(), at: z.string(), comment: z.string().optional(), changes: z.array(change) })),
  })
  .openapi('CardEdits');
const linkKind = z.enum(LINK_KINDS).openapi({ description: 'in-reply-to, refers-to, cancels, amends' });
const linkBody = z
  .object({
    kind: linkKind,
    documentId: id.optional().openapi({ description: 'The other document, when it is in Qujat: its number and date are taken from it.' }),
    number: z.string().trim().min(1).max(100).optional().openapi({ description: "The other document's number, when it is not in Qujat", example: '15-2/1234' }),
    date: day.optional().openapi({ description: "The other document's date (YYYY-MM-DD), when it is not in Qujat" }),
    version: version.optional(),
  })
  .strict()
  .openapi('LinkInput');
const link = z.object({ id: z.string(), kind: linkKind, documentId: z.string().optional(), number: z.string(), date: z.string(), title: z.string().optional() });
const linkList = z
  .object({
    documentId: z.string(),
    cardVersion: z.number(),
    links: z.array(link),
    linkedFrom: z.array(z.object({ kind: linkKind, documentId: z.string(), title: z.string(), number: z.string(), date: z.string(), status: z.string() })),
  })
  .openapi('DocumentLinks');

export function mountRecordRoutes(route: RouteKit, cards: CardService, executionFiles: ExecutionFilesService): void {
  route(
    {
      method: 'patch',
      path: '/api/documents/:id',
      summary: 'Edit the card: the fields your role may change in this state, on the version you read (409 when someone changed it first)',
      tags: ['records'],
      roles: [],
      params,
      body: editBody,
      response: { description: 'The card after the edit, with its new cardVersion', schema: documentView.extend({ cardVersion: z.number() }) },
    },
    async ({ actor, params, body }) => cards.edit(actor, params.id, body),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/edits',
      summary: "The card's edits, oldest first, with old and new values",
      tags: ['records'],
      roles: [],
      params,
      response: { description: 'The edits', schema: editList },
    },
    async ({ actor, params }) => cards.edits(actor, params.id),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/links',
      summary: "The card's links to other documents, and the documents that link to it",
      tags: ['records'],
      roles: [],
      params,
      response: { description: 'Links both ways', schema: linkList },
    },
    async ({ actor, params }) => cards.linksOf(actor, params.id),
  );
  route(
    {
      method: 'post',
      path: '/api/documents/:id/links',
      summary: 'Link the document to another (in reply to, refers to, cancels, amends) by its id, or by the number and date of one outside Qujat',
      tags: ['records'],
      roles: [],
      params,
      body: linkBody,
      response: { status: 201, description: 'The link and the new card version', schema: z.object({ link, cardVersion: z.number() }) },
    },
    async ({ actor, params, body }) => cards.addLink(actor, params.id, body),
  );
  route(
    {
      method: 'delete',
      path: '/api/documents/:id/links/:linkId',
      summary: 'Remove a link',
      tags: ['records'],
      roles: [],
      params: linkParams,
      query: z.object({ version: z.coerce.number().int().min(0).optional() }).strict(),
      response: { status: 204, description: 'Removed' },
    },
    async ({ actor, params, query }) => cards.removeLink(actor, params.id, params.linkId, query.version),
  );
  route(
    {
      method: 'post',
      path: '/api/documents/:id/versions',
      summary: 'A new version of a signed document: a new draft with the same card and files, linked as "amends"; the signed one keeps its signatures',
      tags: ['records'],
      roles: [],
      params,
      response: { status: 201, description: 'The new version (a draft)', schema: documentView },
    },
    async ({ actor, params, res }) => {
      const created = await cards.newVersion(actor, params.id);
      res.location(`/api/documents/${created.id}`);
      return created;
    },
  );
  route(
    {
      method: 'post',
      path: '/api/documents/:id/close-control-by-reply',
      summary: 'Execute the resolution with a registered reply linked "in reply to" this document: the execution card names the reply',
      tags: ['records'],
      roles: [],
      params,
      body: z.object({ replyId: id, resolutionId: id.optional() }).strict(),
      response: { description: 'The document after its execution card', schema: documentView },
    },
    async ({ actor, params, body }) => cards.closeControlByReply(actor, params.id, body),
  );

  const fileView = z
    .object({ id: z.string(), documentId: z.string(), resolutionId: z.string(), filename: z.string(), format: z.string(), contentType: z.string(), size: z.number(), sha256: z.string(), uploadedBy: z.string(), uploadedAt: z.string() })
    .openapi('ExecutionFile');
  route(
    {
      method: 'post',
      path: '/api/documents/:id/execution-files',
      summary: "Upload a file of your execution card's report (raw body, streamed), under the same limits and format checks as a document's files; then name it in file-card",
      tags: ['records'],
      roles: [],
      params,
      query: z.object({ resolutionId: id, filename: z.string().min(1).max(1000) }).strict(),
      response: { status: 201, description: 'The stored file', schema: fileView },
    },
    async ({ actor, params, query, req }) => executionFiles.upload(actor, params.id, query, req),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/execution-files',
      summary: "The files of a resolution's execution cards",
      tags: ['records'],
      roles: [],
      params,
      query: z.object({ resolutionId: id }).strict(),
      response: { description: 'Files', schema: z.object({ documentId: z.string(), resolutionId: z.string(), limits: z.object({ maxFiles: z.number(), maxTotalBytes: z.number() }), items: z.array(fileView) }) },
    },
    async ({ actor, params, query }) => executionFiles.list(actor, params.id, query.resolutionId),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/execution-files/:fileId',
      summary: 'Download a file of an execution card',
      tags: ['records'],
      roles: [],
      params: z.object({ id, fileId: id }),
      response: { description: 'The file', contentType: 'application/octet-stream', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ actor, params, res }) => executionFiles.download(actor, params.id, params.fileId, res),
  );
  route(
    {
      method: 'delete',
      path: '/api/documents/:id/execution-files/:fileId',
      summary: 'Remove a file you uploaded that no filed card names yet',
      tags: ['records'],
      roles: [],
      params: z.object({ id, fileId: id }),
      response: { status: 204, description: 'Removed' },
    },
    async ({ actor, params }) => executionFiles.remove(actor, params.id, params.fileId),
  );
}
