/** The nomenclature of files (per year, sections by unit), filing executed documents, closing files at year end. */
import { STORAGE_MEDIA } from '../../db/models/records';
import type { RouteKit } from '../route-kit';
import type { Response } from 'express';
import { contentDisposition } from '../../domain/attachments/safe-filename';
import type { NomenclatureService } from '../services/nomenclature-service';
import { DOCUMENT_FORMS, FILE_FORMS, type FormsService } from '../services/forms-service';
import { z } from '../../domain/zod';

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const year = z.coerce.number().int().min(2000).max(2100);
const KEEPERS = ['registrar', 'administrator'] as const;

const fileView = z
  .object({
    id: z.string(),
    year: z.number(),
    index: z.string(),
    unitId: z.string(),
    section: z.object({ kk: z.string(), ru: z.string() }),
    title: z.object({ kk: z.string(), ru: z.string() }),
    retentionYears: z.number().nullable(),
    retentionArticle: z.string().optional(),
    keepUntilYear: z.number().nullable(),
    medium: z.enum(STORAGE_MEDIA),
    journals: z.array(z.string()),
    state: z.enum(['open', 'closed', 'archived', 'destroyed']),
    closedAt: z.string().optional(),
  })
  .openapi('CaseFile');

const fileBody = z
  .object({
    year,
    index: z.string().trim().min(1).max(32).regex(/^[0-9A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі./-]+$/, 'digits, letters, dots, dashes and slashes').openapi({ example: '01-12' }),
    unitId: id,
    title: z.object({ kk: z.string().trim().min(1).max(1000), ru: z.string().trim().min(1).max(1000) }).strict(),
    retentionYears: z.number().int().min(1).max(100).nullable().openapi({ description: 'Years to keep after the year the file is closed; null = permanent' }),
    retentionArticle: z.string().trim().max(100).optional().openapi({ description: 'Article of the standard list of documents', example: 'ст. 17' }),
    medium: z.enum(STORAGE_MEDIA),
    journals: z.array(id).max(20).default([]).openapi({ description: 'Journals whose documents are suggested for this file' }),
  })
  .strict()
  .openapi('CaseFileInput');

export function mountNomenclatureRoutes(route: RouteKit, nomenclature: NomenclatureService): void {
  route(
    {
      method: 'get',
      path: '/api/nomenclature',
      summary: "The year's nomenclature of files: sections by unit, files with index, title, storage period and medium",
      tags: ['records'],
      roles: [],
      query: z.object({ year }).strict(),
      response: { description: 'The nomenclature', schema: z.object({ year: z.number(), sections: z.array(z.object({ unitId: z.string(), name: z.object({ kk: z.string(), ru: z.string() }), files: z.array(fileView) })) }) },
    },
    async ({ query }) => nomenclature.list(query.year),
  );
  route(
    {
      method: 'post',
      path: '/api/nomenclature',
      summary: 'Add a file to the year\'s nomenclature (its index is unique within the year)',
      tags: ['records'],
      roles: KEEPERS,
      body: fileBody,
      response: { status: 201, description: 'The file', schema: fileView },
    },
    async ({ actor, body }) => nomenclature.create(actor, body),
  );
  route(
    {
      method: 'get',
      path: '/api/nomenclature/:fileId',
      summary: 'A file with its inventory (the documents filed into it)',
      tags: ['records'],
      roles: [],
      params: z.object({ fileId: id }),
      response: { description: 'The file and its inventory', schema: fileView.extend({ inventory: z.array(z.record(z.unknown())) }) },
    },
    async ({ actor, params }) => nomenclature.get(actor, params.fileId),
  );
  route(
    {
      method: 'post',
      path: '/api/nomenclature/:fileId/close',
      summary: 'Close a file: nothing more is filed into it; its storage period runs from the next 1 January',
      tags: ['records'],
      roles: KEEPERS,
      params: z.object({ fileId: id }),
      response: { description: 'The closed file', schema: fileView },
    },
    async ({ actor, params }) => nomenclature.close(actor, params.fileId),
  );
  route(
    {
      method: 'post',
      path: '/api/nomenclature/close-year',
      summary: 'Year end: close every open file of a finished year',
      tags: ['records'],
      roles: KEEPERS,
      body: z.object({ year }).strict(),
      response: { description: 'The files closed', schema: z.object({ year: z.number(), closed: z.array(z.string()) }) },
    },
    async ({ actor, body }) => nomenclature.closeYear(actor, body.year),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/filing',
      summary: 'Where the document is filed, and the open files suggested for it (from its journal and its author\'s unit)',
      tags: ['records'],
      roles: [],
      params: z.object({ id }),
      response: { description: 'Filing and suggestions', schema: z.object({ documentId: z.string(), filedIn: z.string().optional(), items: z.array(fileView) }) },
    },
    async ({ actor, params }) => nomenclature.suggestions(actor, params.id),
  );
  route(
    {
      method: 'post',
      path: '/api/documents/:id/filing',
      summary: 'File an executed document into an open file of its year (the registry office or the people who worked on it)',
      tags: ['records'],
      roles: [],
      params: z.object({ id }),
      body: z.object({ fileId: id, sheets: z.number().int().min(1).max(100_000).optional() }).strict(),
      response: { status: 201, description: 'Filed', schema: z.object({ documentId: z.string(), fileId: z.string(), fileIndex: z.string(), filedAt: z.string() }) },
    },
    async ({ actor, params, body }) => nomenclature.file(actor, params.id, body),
  );
}

/** Printed forms (PDF, kk or ru): of a document, and of a file of the nomenclature; and the control card as data. */
export function mountFormRoutes(route: RouteKit, forms: FormsService): void {
  const language = z.enum(['kk', 'ru']);
  const pdf = { contentType: 'application/pdf', schema: z.string().openapi({ format: 'binary' }) };
  route(
    {
      method: 'get',
      path: '/api/documents/:id/control-card',
      summary: 'The registration-control card: every field of seed-003 §8 (type, date, number, file index, software, signatures, summary, sheets, addressee, executor and phone, marks, references, paper original or copy)',
      tags: ['records'],
      roles: [],
      params: z.object({ id }),
      query: z.object({ language: language.optional() }).strict(),
      response: { description: 'The card', schema: z.record(z.unknown()) },
    },
    async ({ actor, params, query }) => forms.controlCard(actor, params.id, query.language),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/forms/:form',
      summary: 'A printed form of the document as PDF: registration-stamp, control-card, resolution-form, control-sheet',
      tags: ['records'],
      roles: [],
      params: z.object({ id, form: z.enum(DOCUMENT_FORMS) }),
      query: z.object({ language: language.optional(), resolutionId: id.optional() }).strict(),
      response: { description: 'The PDF', ...pdf },
    },
    async ({ actor, params, query, res }) => {
      const file = await forms.documentForm(actor, params.id, params.form, query);
      sendPdf(res, file);
    },
  );
  route(
    {
      method: 'get',
      path: '/api/nomenclature/:fileId/forms/:form',
      summary: "A file's inventory or cover as PDF",
      tags: ['records'],
      roles: [],
      params: z.object({ fileId: id, form: z.enum(FILE_FORMS) }),
      query: z.object({ language: language.default('kk') }).strict(),
      response: { description: 'The PDF', ...pdf },
    },
    async ({ actor, params, query, res }) => sendPdf(res, await forms.fileForm(actor, params.fileId, params.form, query.language)),
  );
}

function sendPdf(res: Response, file: { bytes: Buffer; pages: number; filename: string }): void {
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', contentDisposition(file.filename));
  res.setHeader('X-Sheets', String(file.pages));
  res.end(file.bytes);
}
