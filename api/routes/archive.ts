/** The archive: handing closed files over, an archived document's record and package, legal holds. */
import type { Response } from 'express';
import { contentDisposition } from '../../domain/attachments/safe-filename';
import { ARCHIVISTS, HOLD_LIFTERS, HOLD_SETTERS } from '../../domain/records/archive';
import { HOLD_KINDS } from '../../db/models/archive';
import { z } from '../../domain/zod';
import type { RouteKit } from '../route-kit';
import type { ArchiveService } from '../services/archive-service';
import type { DestructionService } from '../services/destruction-service';
import type { ArchiveCheckService } from '../services/archive-check-service';

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const year = z.coerce.number().int().min(2000).max(2100);
const reason = z.string().trim().min(3).max(2000);

const archiveView = z
  .object({
    documentId: z.string(),
    state: z.enum(['archived', 'destroyed']),
    fileId: z.string(),
    fileIndex: z.string(),
    number: z.string(),
    date: z.string(),
    title: z.string(),
    archivedAt: z.string(),
    contentSha256: z.string(),
    attachments: z.array(
      z.object({
        name: z.string(),
        sha256: z.string(),
        size: z.number(),
        executionCard: z.object({ resolutionId: z.string(), executorId: z.string() }).optional().openapi({ description: 'Set for a file of an execution card (a report attachment): its resolution and executor.' }),
      }),
    ),
    signatures: z.array(z.object({ id: z.string(), status: z.string(), signer: z.string().optional(), verifiedAt: z.string().optional(), reason: z.string().optional() })),
    receipts: z.array(z.string()),
    destroyed: z.object({ actId: z.string(), actNumber: z.string(), actDate: z.string() }).optional(),
    hold: z.object({ kind: z.enum(HOLD_KINDS), reason: z.string() }).optional(),
  })
  .openapi('ArchiveRecord');

const holdView = z.object({ kind: z.enum(HOLD_KINDS), targetId: z.string(), label: z.string().optional(), reason: z.string(), setBy: z.string(), setAt: z.string() }).openapi('LegalHold');

export function mountArchiveRoutes(route: RouteKit, archive: ArchiveService): void {
  route(
    {
      method: 'post',
      path: '/api/nomenclature/:fileId/archive',
      summary: 'Hand a closed file to the archive: each document keeps its signed content, signatures with reports, files and receipts, and becomes read-only',
      tags: ['records'],
      roles: ARCHIVISTS,
      params: z.object({ fileId: id }),
      response: { description: 'The archived file', schema: z.object({ fileId: z.string(), index: z.string(), state: z.literal('archived'), documents: z.number(), archivedNow: z.number() }) },
    },
    async ({ actor, params }) => archive.archiveFile(actor, params.fileId),
  );
  route(
    {
      method: 'post',
      path: '/api/nomenclature/archive-year',
      summary: 'Year end: close the files of a finished year still open and hand every closed file of that year to the archive',
      tags: ['records'],
      roles: ARCHIVISTS,
      body: z.object({ year }).strict(),
      response: { description: 'The files closed and archived', schema: z.object({ year: z.number(), closed: z.array(z.string()), archived: z.array(z.string()) }) },
    },
    async ({ actor, body }) => archive.archiveYear(actor, body.year),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/archive',
      summary: "An archived document's record: what was kept (content digest, files, signatures with verdicts, receipts), its hold, and its destruction",
      tags: ['records'],
      roles: [],
      params: z.object({ id }),
      response: { description: 'The archive record', schema: archiveView },
    },
    async ({ actor, params }) => archive.get(actor, params.id),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/archive-package',
      summary: 'The archive package (ZIP): manifest, signed content, files, each signature (CMS with its certificates) with its verification report, receipts',
      tags: ['records'],
      roles: [],
      params: z.object({ id }),
      response: { description: 'The ZIP', contentType: 'application/zip', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ actor, params, res }) => sendZip(res, await archive.packageOf(actor, params.id)),
  );
  route(
    {
      method: 'get',
      path: '/api/legal-holds',
      summary: 'Every legal hold on files and documents',
      tags: ['records'],
      roles: [...new Set([...HOLD_SETTERS, ...HOLD_LIFTERS])],
      response: { description: 'The holds', schema: z.object({ items: z.array(holdView) }) },
    },
    async () => archive.listHolds(),
  );
  route(
    {
      method: 'post',
      path: '/api/legal-holds',
      summary: 'Put a file or a document under a legal hold: no destruction act may list it, and an act already under way skips it',
      tags: ['records'],
      roles: HOLD_SETTERS,
      body: z.object({ kind: z.enum(HOLD_KINDS), targetId: id, reason }).strict(),
      response: { status: 201, description: 'The hold', schema: holdView },
    },
    async ({ actor, body }) => archive.setHold(actor, body),
  );
  route(
    {
      method: 'post',
      path: '/api/legal-holds/:kind/:targetId/lift',
      summary: 'Lift a legal hold, with the reason (administrators and auditors; not the archivist who compiles destruction acts)',
      tags: ['records'],
      roles: HOLD_LIFTERS,
      params: z.object({ kind: z.enum(HOLD_KINDS), targetId: id }),
      body: z.object({ reason }).strict(),
      response: { description: 'Lifted', schema: z.object({ kind: z.enum(HOLD_KINDS), targetId: z.string(), liftedAt: z.string() }) },
    },
    async ({ actor, params, body }) => archive.liftHold(actor, params.kind, params.targetId, body.reason),
  );
}

function sendZip(res: Response, file: { bytes: Buffer; filename: string }): void {
  res.status(200);
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', contentDisposition(file.filename));
  res.end(file.bytes);
}

const bilingual = z.object({ kk: z.string(), ru: z.string() });
const actView = z
  .object({
    actId: z.string(),
    number: z.string().nullable(),
    date: z.string().nullable(),
    status: z.string(),
    state: z.enum(['compiled', 'completed']),
    compiledBy: z.string(),
    compiledAt: z.string(),
    files: z.array(z.object({ fileId: z.string(), index: z.string(), year: z.number(), title: bilingual, retentionYears: z.number().nullable(), retentionArticle: z.string().optional(), documents: z.number() })),
    documentIds: z.array(z.string()),
    excluded: z.array(z.object({ documentId: z.string(), number: z.string(), reason: z.string() })),
    completedAt: z.string().optional(),
    outcome: z.array(z.object({ documentId: z.string(), number: z.string(), result: z.enum(['destroyed', 'kept']), reason: z.string().optional() })),
  })
  .openapi('DestructionAct');

/** Destruction acts: the files whose storage period is over, compiling an act, the act and its printed form. */
export function mountDestructionRoutes(route: RouteKit, destruction: DestructionService): void {
  route(
    {
      method: 'get',
      path: '/api/destruction-acts/candidates',
      summary: 'Archived files, each with whether its storage period is over and nothing holds it (so it may be listed in a destruction act)',
      tags: ['records'],
      roles: ARCHIVISTS,
      response: {
        description: 'The archived files',
        schema: z.object({ items: z.array(z.object({ fileId: z.string(), year: z.number(), index: z.string(), title: bilingual, retentionYears: z.number().nullable(), keepUntilYear: z.number().nullable(), eligible: z.boolean(), reason: z.string().optional() })) }),
      },
    },
    async () => destruction.candidates(),
  );
  route(
    {
      method: 'post',
      path: '/api/destruction-acts',
      summary: 'Compile a destruction act from archived files whose storage period is over (the archivist); it then goes to the expert commission for approval and to the head for signature',
      tags: ['records'],
      roles: ARCHIVISTS,
      body: z
        .object({
          fileIds: z.array(id).min(1).max(200),
          approvers: z.array(id).min(1).max(20).openapi({ description: 'The expert commission' }),
          signer: id.openapi({ description: 'The head who approves the act' }),
          language: z.enum(['kk', 'ru']).default('kk'),
        })
        .strict(),
      response: { status: 201, description: 'The compiled act (a draft document on the destruction-act route)', schema: actView },
    },
    async ({ actor, body }) => destruction.compile(actor, body),
  );
  route(
    {
      method: 'get',
      path: '/api/destruction-acts/:id',
      summary: 'A destruction act: its files and documents, those left out under a hold, and what became of each document once carried out',
      tags: ['records'],
      roles: [],
      params: z.object({ id }),
      response: { description: 'The act', schema: actView },
    },
    async ({ actor, params }) => destruction.get(actor, params.id),
  );
  route(
    {
      method: 'get',
      path: '/api/destruction-acts/:id/form',
      summary: 'The destruction act as PDF (kk or ru)',
      tags: ['records'],
      roles: [],
      params: z.object({ id }),
      query: z.object({ language: z.enum(['kk', 'ru']).default('kk') }).strict(),
      response: { description: 'The PDF', contentType: 'application/pdf', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ actor, params, query, res }) => {
      const file = await destruction.printed(actor, params.id, query.language);
      res.status(200);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', contentDisposition(file.filename));
      res.setHeader('X-Sheets', String(file.pages));
      res.end(file.bytes);
    },
  );
}

const CHECKERS = [...ARCHIVISTS, 'auditor'] as const;
const runSummary = z
  .object({
    runId: z.string(),
    state: z.enum(['running', 'finished', 'failed']),
    startedBy: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    fileId: z.string().optional(),
    documents: z.number(),
    signatures: z.number(),
    notValidNow: z.number(),
  })
  .openapi('ArchiveCheck');
const checkItem = z.object({
  documentId: z.string(),
  number: z.string(),
  date: z.string(),
  title: z.string(),
  fileIndex: z.string(),
  signatureId: z.string(),
  signer: z.string().optional(),
  verdictAtSigning: z.string(),
  verdictNow: z.enum(['valid', 'invalid', 'pending', 'missing']),
  result: z.enum(['confirmed', 'broken', 'never-valid']),
  reason: z.string().optional(),
  checkedAt: z.string(),
});

/** Re-verification of the archive's signatures: start a run (a workflow), list runs, read and export a report. */
export function mountArchiveCheckRoutes(route: RouteKit, checks: ArchiveCheckService): void {
  const runParams = z.object({ runId: z.string().uuid() });
  const language = z.object({ language: z.enum(['kk', 'ru']).default('kk') }).strict();
  route(
    {
      method: 'post',
      path: '/api/archive/verifications',
      summary: 'Start a re-verification of every stored signature of the archived documents (or of one file): runs in the background, answers at once',
      tags: ['records'],
      roles: CHECKERS,
      body: z.object({ fileId: id.optional() }).strict(),
      response: { status: 202, description: 'The run, started', schema: runSummary },
    },
    async ({ actor, body }) => checks.start(actor, body),
  );
  route(
    {
      method: 'get',
      path: '/api/archive/verifications',
      summary: 'The latest re-verification runs',
      tags: ['records'],
      roles: CHECKERS,
      response: { description: 'Runs', schema: z.object({ items: z.array(runSummary) }) },
    },
    async () => checks.list(),
  );
  route(
    {
      method: 'get',
      path: '/api/archive/verifications/:runId',
      summary: "A run's report: per signature the document, signer, verdict at signing, verdict now and reason",
      tags: ['records'],
      roles: CHECKERS,
      params: runParams,
      response: { description: 'The report', schema: runSummary.extend({ items: z.array(checkItem) }) },
    },
    async ({ params }) => checks.report(params.runId),
  );
  route(
    {
      method: 'get',
      path: '/api/archive/verifications/:runId/report.xlsx',
      summary: "A run's report as an Excel workbook",
      tags: ['records'],
      roles: CHECKERS,
      params: runParams,
      query: language,
      response: { description: 'XLSX', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ params, query, res }) => {
      const bytes = await checks.xlsx(params.runId, query.language);
      res.status(200).setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', contentDisposition(`archive-verification-${params.runId.slice(0, 8)}.xlsx`));
      res.end(bytes);
    },
  );
  route(
    {
      method: 'get',
      path: '/api/archive/verifications/:runId/report.pdf',
      summary: "A run's report as PDF",
      tags: ['records'],
      roles: CHECKERS,
      params: runParams,
      query: language,
      response: { description: 'PDF', contentType: 'application/pdf', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ params, query, res }) => {
      const bytes = await checks.pdf(params.runId, query.language);
      res.status(200).setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', contentDisposition(`archive-verification-${params.runId.slice(0, 8)}.pdf`));
      res.end(bytes);
    },
  );
}
