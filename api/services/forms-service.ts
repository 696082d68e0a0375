/**
 * The chancellery's printed forms, as PDF in kk or ru from the templates (templates/<form>/): the
 * registration stamp, the registration-control card (every field of seed-003 §8), the resolution form, the
 * control sheet, and a file's inventory and cover. The same data as JSON is the card the UI shows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { astanaDateLabel, astanaDateTimeLabel } from '../../domain/journals/document-caption';
import { loadTemplateCatalog, type TemplateCatalog } from '../../domain/rendering/template-catalog';
import { renderTemplate } from '../../domain/rendering/render-template';
import { parseTextLayout } from '../../domain/rendering/text-layout';
import { writePdf } from '../../domain/rendering/pdf-writer';
import type { Models } from '../../db/models';
import type { LinkKind } from '../../db/models/records';
import type { DocumentState } from '../../domain/documents/document-state';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';
import type { NomenclatureService } from './nomenclature-service';

export const DOCUMENT_FORMS = ['registration-stamp', 'control-card', 'resolution-form', 'control-sheet'] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];
export const FILE_FORMS = ['file-inventory', 'file-cover'] as const;
export type FileForm = (typeof FILE_FORMS)[number];
type Language = 'kk' | 'ru';

const LINK_LABELS: Record<LinkKind, Record<Language, string>> = {
  'in-reply-to': { kk: 'Жауап ретінде', ru: 'В ответ на' },
  'refers-to': { kk: 'Сілтеме', ru: 'Ссылка на' },
  cancels: { kk: 'Күшін жояды', ru: 'Отменяет' },
  amends: { kk: 'Өзгертеді', ru: 'Изменяет' },
};
const PAPER_LABELS: Record<string, Record<Language, string>> = {
  original: { kk: 'қағаз түпнұсқасы бар', ru: 'есть бумажный оригинал' },
  copy: { kk: 'қағаз көшірмесі бар', ru: 'есть бумажная копия' },
  none: { kk: 'тек электрондық', ru: 'только электронный' },
};
const CONTROL_LABELS: Record<string, Record<Language, string>> = {
  controlled: { kk: 'бақылауда', ru: 'на контроле' },
  personal: { kk: 'жеке бақылауда', ru: 'на личном контроле' },
  none: { kk: 'бақылаусыз', ru: 'без контроля' },
};
const RESOLUTION_STATES: Record<string, Record<Language, string>> = {
  open: { kk: 'орындалуда', ru: 'на исполнении' },
  executed: { kk: 'орындалды', ru: 'исполнена' },
  closed: { kk: 'жабылды', ru: 'закрыта' },
};
const MEDIUM_LABELS: Record<string, Record<Language, string>> = { electronic: { kk: 'электрондық', ru: 'электронный' }, paper: { kk: 'қағаз', ru: 'бумажный' } };

/** The software's name and version (seed-003 §8), as the package declares it. */
const SYSTEM = { name: 'Qujat', version: (JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version };

export function createFormsService(deps: { models: Models; documents: DocumentService; nomenclature: NomenclatureService; catalog?: TemplateCatalog; organisation?: string; now?: () => Date }) {
  const { models, documents, nomenclature } = deps;
  const catalog = deps.catalog ?? loadTemplateCatalog();
  const now = deps.now ?? (() => new Date());
  const organisation = deps.organisation ?? 'Qujat';

  async function nameOf(id: string | undefined | null): Promise<string | null> {
    if (!id) return null;
    return (await models.Employee.findById(id, { fullName: 1 }).lean())?.fullName ?? null;
  }

  /** Every field of the registration-control card (seed-003 §8), as shown and printed. */
  async function controlCard(actor: AuthenticatedActor, documentId: string, language?: Language) {
    const view = await documents.get(actor, documentId);
    const lang = language ?? view.language;
    const state = view.workflow as unknown as DocumentState | undefined;
    const type = await models.DocumentType.findById(view.type).lean();
    const card = view.registrationCard as Record<string, string | number | null | undefined>;
    const filing = await nomenclature.filingOf(documentId);
    const signatures = [];
    for (const s of await models.Signature.find({ documentId }, { cms: 0 }).sort({ createdAt: 1 }).lean()) {
      signatures.push({ signer: (await nameOf(s.onBehalfOf ?? s.submittedBy)) ?? s.submittedBy, valid: s.status === 'valid', verifiedAt: s.verifiedAt ? astanaDateTimeLabel(s.verifiedAt) : null });
    }
    const resolutions = state?.resolutions ?? [];
    const main = resolutions.find((r) => !r.parentId);
    const participants = view.participants as { executor?: string; addressees?: string[] };
    const executorId = main?.responsibleExecutorId ?? participants.executor ?? null;
    const controlled = resolutions.some((r) => r.control !== 'none');
    // The resolution's own term, else the execution stage's.
    const due = resolutions.filter((r) => r.control !== 'none' && r.deadline).map((r) => r.deadline!.dueAtMs).sort((a, b) => a - b)[0] ?? (controlled ? state?.stage?.deadline?.dueAtMs : undefined);
    const addressees = await Promise.all((participants.addressees ?? []).map(nameOf));
    const executed = view.status === 'executed';
    const registeredAt = view.registration ? new Date(view.registration.registeredAt) : undefined;
    return {
      documentId,
      language: lang,
      document: {
        type: type?.title?.[lang] ?? view.type,
        title: view.title,
        summary: view.summary ?? null,
        correspondent: view.correspondent ?? null,
        number: view.registration?.number ?? null,
        date: astanaDateLabel(registeredAt ?? new Date(view.createdAt)),
        time: registeredAt ? astanaDateTimeLabel(registeredAt).slice(11) : '',
      },
      system: SYSTEM,
      card: {
        fileIndex: filing?.index ?? null,
        issueNature: card.issueNature ?? null,
        sheetsMain: card.sheetsMain ?? null,
        sheetsAttachments: card.sheetsAttachments ?? null,
        addresseeBody: card.addresseeBody ?? null,
        addresseePerson: card.addresseePerson ?? (addressees.filter(Boolean).join(', ') || null),
        executorPhone: card.executorPhone ?? null,
      },
      executor: { id: executorId, fullName: await nameOf(executorId) },
      control: { controlled, label: CONTROL_LABELS[controlled ? (resolutions.find((r) => r.control !== 'none')?.control ?? 'controlled') : 'none'][lang], dueDate: due ? astanaDateLabel(new Date(due)) : null },
      marks: {
        executed,
        executedDate: executed && state?.finishedAtMs ? astanaDateLabel(new Date(state.finishedAtMs)) : null,
        filed: Boolean(filing),
        fileIndex: filing?.index ?? null,
        filedDate: filing ? astanaDateLabel(new Date(filing.filedAt)) : null,
      },
      links: view.links.map((l) => ({ kind: l.kind, label: LINK_LABELS[l.kind as LinkKind]?.[lang] ?? l.kind, number: l.number, day: l.date.split('-').reverse().join('.'), documentId: l.documentId ?? null })),
      paperForm: (card.paperForm as string | undefined) ?? null,
      paper: PAPER_LABELS[(card.paperForm as string | undefined) ?? 'none'][lang],
      signatures,
      printedAt: astanaDateTimeLabel(now()),
    };
  }

  async function pdf(key: string, language: Language, data: Record<string, unknown>, title: string) {
    const rendered = renderTemplate(catalog, { key, language, format: 'txt' }, data);
    const written = await writePdf(parseTextLayout(rendered.text), {
      title,
      createdAt: now(),
      footer: (page, pages) => (language === 'kk' ? `${page}-парақ / ${pages}` : `Лист ${page} из ${pages}`),
    });
    return { bytes: written.bytes, pages: written.pages, template: rendered.template };
  }

  async function documentForm(actor: AuthenticatedActor, documentId: string, form: DocumentForm, options: { language?: Language; resolutionId?: string }) {
    const data = await controlCard(actor, documentId, options.language);
    const lang = data.language;
    const safe = (data.document.number ?? documentId).replace(/[^\p{L}\p{N}-]+/gu, '_');
    if (form === 'control-card') return { ...(await pdf('control-card', lang, data, data.document.title)), filename: `control-card-${safe}.pdf` };
    if (form === 'registration-stamp') {
      if (!data.document.number) throw problems.conflict('The document is not registered yet: it has no stamp.', 'not-registered');
      const sheets = (Number(data.card.sheetsMain ?? 0) + Number(data.card.sheetsAttachments ?? 0)) || null;
      return { ...(await pdf('registration-stamp', lang, { ...data, organisation, sheets }, data.document.title)), filename: `registration-stamp-${safe}.pdf` };
    }
    const view = await documents.get(actor, documentId);
    const state = view.workflow as unknown as DocumentState | undefined;
    const resolutions = state?.resolutions ?? [];
    if (form === 'resolution-form') {
      const r = options.resolutionId ? resolutions.find((x) => x.id === options.resolutionId) : resolutions[0];
      if (!r) throw options.resolutionId ? problems.validation([{ field: 'query.resolutionId', message: 'no such resolution on this document' }]) : problems.conflict('The document has no resolution yet.', 'no-resolution');
      const resolution = {
        text: r.text,
        author: (await nameOf(r.authorId)) ?? r.authorId,
        responsible: (await nameOf(r.responsibleExecutorId)) ?? r.responsibleExecutorId,
        coExecutors: await Promise.all(r.coExecutorIds.map(async (id) => (await nameOf(id)) ?? id)),
        dueDate: r.deadline ? astanaDateLabel(new Date(r.deadline.dueAtMs)) : null,
        control: CONTROL_LABELS[r.control]?.[lang] ?? r.control,
        date: astanaDateLabel(new Date(r.writtenAtMs)),
      };
      return { ...(await pdf('resolution-form', lang, { ...data, resolution }, data.document.title)), filename: `resolution-${safe}.pdf` };
    }
    // control sheet
    const rows = [];
    for (const [i, r] of resolutions.entries()) {
      const cards = [];
      for (const c of (state?.cards ?? []).filter((x) => x.resolutionId === r.id)) cards.push({ executor: (await nameOf(c.executorId)) ?? c.executorId, day: astanaDateLabel(new Date(c.filedAtMs)), text: c.text });
      rows.push({
        position: i + 1,
        text: r.text,
        author: (await nameOf(r.authorId)) ?? r.authorId,
        day: astanaDateLabel(new Date(r.writtenAtMs)),
        responsible: (await nameOf(r.responsibleExecutorId)) ?? r.responsibleExecutorId,
        dueDate: r.deadline ? astanaDateLabel(new Date(r.deadline.dueAtMs)) : null,
        state: RESOLUTION_STATES[r.state]?.[lang] ?? r.state,
        cards,
      });
    }
    const removal = state?.controlSheet ? { by: (await nameOf(state.controlSheet.removedBy)) ?? state.controlSheet.removedBy, date: astanaDateLabel(new Date(state.controlSheet.removedAtMs)) } : null;
    return { ...(await pdf('control-sheet', lang, { ...data, resolutions: rows, removal }, data.document.title)), filename: `control-sheet-${safe}.pdf` };
  }

  async function fileForm(actor: AuthenticatedActor, fileId: string, form: FileForm, language: Language) {
    const file = await nomenclature.get(actor, fileId);
    const items = file.inventory.map((d) => ({ position: d.position, number: d.number, day: astanaDateLabel(new Date(d.date)), title: d.title, sheets: d.sheets ?? null }));
    const sheets = items.reduce((n, d) => n + (d.sheets ?? 0), 0);
    const dates = file.inventory.map((d) => Date.parse(d.date)).sort((a, b) => a - b);
    const retention = file.retentionYears === null ? (language === 'kk' ? 'тұрақты' : 'постоянно') : language === 'kk' ? `${file.retentionYears} жыл` : `${file.retentionYears} лет`;
    const data = {
      organisation,
      file: {
        index: file.index,
        title: file.title[language],
        section: file.section[language],
        medium: MEDIUM_LABELS[file.medium][language],
        retention,
        article: file.retentionArticle ?? null,
        from: dates.length ? astanaDateLabel(new Date(dates[0])) : null,
        to: dates.length ? astanaDateLabel(new Date(dates[dates.length - 1])) : null,
      },
      items,
      count: items.length,
      sheets,
      printedAt: astanaDateTimeLabel(now()),
    };
    const safe = file.index.replace(/[^\p{L}\p{N}-]+/gu, '_');
    return { ...(await pdf(form, language, data, file.title[language])), filename: `${form}-${file.year}-${safe}.pdf` };
  }

  /** Any form of the catalog from prepared data (the destruction act is printed by the destruction service). */
  const render = pdf;

  return { controlCard, documentForm, fileForm, render };
}

export type FormsService = ReturnType<typeof createFormsService>;
