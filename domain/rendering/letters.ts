/**
 * Generated letters: the cover letter of an outgoing document (DOCX to edit in Word, HTML and PDF to
 * view) and the paper copy of an e-document (PDF). Rendering is pure given the data; the data is read
 * from the card here, so the API and activities share one implementation.
 */
import type { Models } from '../../db/models';
import { buildDocx } from './docx-builder';
import { coverLetterData, loadCard, paperCopyData, type LetterModels } from './letter-data';
import { writePdf } from './pdf-writer';
import { renderTemplate } from './render-template';
import type { TemplateCatalog } from './template-catalog';
import { parseTextLayout } from './text-layout';

export const COVER_LETTER_FORMATS = ['docx', 'html', 'pdf'] as const;
export type CoverLetterFormat = (typeof COVER_LETTER_FORMATS)[number];

export interface GeneratedFile {
  bytes: Buffer;
  contentType: string;
  filename: string;
  template: { key: string; version: number; language: string };
  pages?: number;
}

export interface LetterDeps {
  models: LetterModels | Models;
  catalog: TemplateCatalog;
  organization?: { kk: string; ru: string };
  system?: { name: string; version: string };
  now?: () => Date;
}

const CONTENT_TYPES: Record<CoverLetterFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/** Sheet counts converge in one or two passes; more means the template's length depends on the count. */
const MAX_PASSES = 4;

export function createLetters(deps: LetterDeps) {
  const { catalog } = deps;
  const models = deps.models as LetterModels;
  const now = deps.now ?? (() => new Date());
  const organization = deps.organization ?? { kk: 'Qujat', ru: 'Qujat' };
  const system = deps.system ?? { name: 'Qujat ЭҚЖ', version: '0.1.0' };

  async function coverLetter(documentId: string, format: CoverLetterFormat, version?: number): Promise<GeneratedFile> {
    const card = await loadCard(models, documentId);
    const at = now();
    const data = await coverLetterData(models, card, organization, at);
    const language = data.document.language;
    const base = `cover-letter-${(data.document.number ?? card._id).replace(/[^\p{L}\p{N}-]+/gu, '_')}`;
    const templateFormat = format === 'pdf' ? 'txt' : format;
    const rendered = renderTemplate(catalog, { key: 'cover-letter', language, format: templateFormat, version }, data);
    const template = { key: rendered.template.key, version: rendered.template.version, language };
    if (format === 'docx') {
      const bytes = await buildDocx(rendered.text, { title: data.document.title, createdAt: at });
      return { bytes, contentType: CONTENT_TYPES.docx, filename: `${base}.docx`, template };
    }
    if (format === 'html') return { bytes: Buffer.from(rendered.text, 'utf8'), contentType: CONTENT_TYPES.html, filename: `${base}.html`, template };
    const pdf = await writePdf(parseTextLayout(rendered.text), {
      title: data.document.title,
      createdAt: at,
      footer: (page, pages) => (language === 'kk' ? `${page}-парақ / ${pages}` : `Лист ${page} из ${pages}`),
    });
    return { bytes: pdf.bytes, contentType: CONTENT_TYPES.pdf, filename: `${base}.pdf`, template, pages: pdf.pages };
  }

  /**
   * The printable copy with the copy mark, the signature check result, the system, the print date and
   * the number of sheets (seed-003 §§34–37). The sheet count is printed on the copy itself, so the
   * copy is laid out again with the count until the count no longer changes.
   */
  async function paperCopy(documentId: string, version?: number): Promise<GeneratedFile> {
    const card = await loadCard(models, documentId);
    const at = now();
    const data = await paperCopyData(models, card, system, at);
    const language = data.document.language;
    let sheets: number | undefined;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const rendered = renderTemplate(catalog, { key: 'paper-copy', language, format: 'txt', version }, { ...data, sheets: sheets ?? '…' });
      const pdf = await writePdf(parseTextLayout(rendered.text), {
        title: data.document.title,
        createdAt: at,
        footer: (page, pages) => `Электрондық құжаттың көшірмесі · ${page} / ${pages}`,
      });
      if (pdf.pages === sheets) {
        const number = (data.document.number ?? card._id).replace(/[^\p{L}\p{N}-]+/gu, '_');
        return {
          bytes: pdf.bytes,
          contentType: 'application/pdf',
          filename: `paper-copy-${number}.pdf`,
          template: { key: rendered.template.key, version: rendered.template.version, language },
          pages: pdf.pages,
        };
      }
      sheets = pdf.pages;
    }
    throw new Error(`The paper copy of ${documentId} did not settle on a sheet count after ${MAX_PASSES} passes`);
  }

  return { coverLetter, paperCopy };
}

export type Letters = ReturnType<typeof createLetters>;
