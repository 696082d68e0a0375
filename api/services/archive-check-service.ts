/**
 * Re-verification of the archive over HTTP: a run is recorded with the archived documents it covers and
 * handed to a workflow (it may take long; the API answers at once); its report lists per signature the signer,
 * the verdict at signing, the verdict now and the reason, and exports to XLSX and PDF (kk or ru).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { AuditChain } from '../../domain/audit/audit-chain';
import { astanaDateLabel, astanaDateTimeLabel } from '../../domain/journals/document-caption';
import { compareVerdicts, type Verdict } from '../../domain/records/archive';
import { excelJs } from '../../domain/rendering/file-libraries';
import { writePdf } from '../../domain/rendering/pdf-writer';
import type { LayoutBlock } from '../../domain/rendering/text-layout';
import type { Models } from '../../db/models';
import { ARCHIVE_CHECK_WORKFLOW_TYPE, archiveCheckWorkflowId, type ArchiveCheckInput } from '../../workflows/definitions';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';

type Language = 'kk' | 'ru';

const L = {
  title: { kk: 'Мұрағат қолтаңбаларын қайта тексеру', ru: 'Повторная проверка подписей архива' },
  started: { kk: 'Басталды', ru: 'Начата' },
  finished: { kk: 'Аяқталды', ru: 'Завершена' },
  header: {
    kk: ['№', 'Құжат', 'Күні', 'Атауы', 'Қол қойған', 'Қол қою кезінде', 'Қазір', 'Нәтиже', 'Себебі'],
    ru: ['№', 'Документ', 'Дата', 'Заголовок', 'Подписант', 'При подписании', 'Сейчас', 'Итог', 'Причина'],
  },
  verdict: {
    kk: { valid: 'жарамды', invalid: 'жарамсыз', pending: 'тексерілмеген', missing: 'сақталмаған' },
    ru: { valid: 'действительна', invalid: 'недействительна', pending: 'не проверена', missing: 'не сохранена' },
  } as Record<Language, Record<string, string>>,
  result: {
    kk: { confirmed: 'расталды', broken: 'бұзылды', 'never-valid': 'бастапқыда жарамсыз' },
    ru: { confirmed: 'подтверждена', broken: 'нарушена', 'never-valid': 'изначально недействительна' },
  } as Record<Language, Record<string, string>>,
  totals: { kk: 'Барлығы қолтаңбалар', ru: 'Всего подписей' },
  reason: {
    kk: { 'content-changed': 'сақталған мазмұн өзгерген', 'digest-mismatch': 'қолтаңба мазмұнға сәйкес емес', 'signature-missing': 'қолтаңба сақталмаған', revoked: 'сертификат кері қайтарылған', 'untrusted-root': 'сенімсіз куәландырушы орталық', 'certificate-expired': 'сертификат мерзімі өткен', other: 'тексеруден өтпеді' },
    ru: { 'content-changed': 'хранимое содержание изменено', 'digest-mismatch': 'подпись не соответствует содержанию', 'signature-missing': 'подпись не сохранена', revoked: 'сертификат отозван', 'untrusted-root': 'недоверенный удостоверяющий центр', 'certificate-expired': 'срок сертификата истёк', other: 'не прошла проверку' },
  } as Record<Language, Record<string, string>>,
  notValid: { kk: 'қазір жарамсыз', ru: 'сейчас недействительны' },
};

export function createArchiveCheckService(deps: { models: Models; temporal: Client; taskQueue: string; audit: AuditChain; now?: () => Date }) {
  const { models, temporal, audit } = deps;
  const now = deps.now ?? (() => new Date());

  /** Starts a run over every archived document (or one file's); answers at once with the run. */
  async function start(actor: AuthenticatedActor, input: { fileId?: string }) {
    if (input.fileId && !(await models.CaseFile.exists({ _id: input.fileId }))) throw problems.validation([{ field: 'body.fileId', message: `no file "${input.fileId}"` }]);
    const records = await models.ArchiveRecord.find(input.fileId ? { fileId: input.fileId, state: 'archived' } : { state: 'archived' }, { _id: 1 }).lean();
    const runId = randomUUID();
    const at = now();
    await models.ArchiveCheck.create({ _id: runId, startedBy: actor.employeeId, startedAt: at, state: 'running', documentIds: records.map((r) => r._id).sort(), ...(input.fileId && { fileId: input.fileId }) });
    const workflowInput: ArchiveCheckInput = { runId };
    await temporal.workflow.start(ARCHIVE_CHECK_WORKFLOW_TYPE, { workflowId: archiveCheckWorkflowId(runId), taskQueue: deps.taskQueue, args: [workflowInput] });
    await audit.append([{ eventKey: `archive-check:${runId}:started`, type: 'archive.reverification-started', at, actorId: actor.employeeId, data: { runId, documents: records.length, fileId: input.fileId } }]);
    return summary((await models.ArchiveCheck.findById(runId).lean())!, 0, 0);
  }

  type Run = NonNullable<Awaited<ReturnType<typeof loadRun>>>;
  async function loadRun(runId: string) {
    return models.ArchiveCheck.findById(runId).lean();
  }

  function summary(run: Run, signatures: number, notValidNow: number) {
    return {
      runId: run._id,
      state: run.state as 'running' | 'finished' | 'failed',
      startedBy: run.startedBy,
      startedAt: new Date(run.startedAt).toISOString(),
      finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : undefined,
      fileId: run.fileId ?? undefined,
      documents: run.documentIds.length,
      signatures,
      notValidNow,
    };
  }

  async function list() {
    // The latest runs; the counts of findings are in each run's report.
    const runs = await models.ArchiveCheck.find({}).sort({ startedAt: -1 }).limit(50).lean();
    const items = [];
    for (const run of runs) {
      const found = await models.ArchiveCheckItem.find({ runId: run._id }, { verdictNow: 1 }).lean();
      items.push(summary(run, found.length, found.filter((i) => i.verdictNow !== 'valid').length));
    }
    return { items };
  }

  async function report(runId: string) {
    const run = await loadRun(runId);
    if (!run) throw problems.notFound(`Re-verification run ${runId}`);
    const items = await models.ArchiveCheckItem.find({ runId }).lean();
    const registers = new Map<string, { number: string; date: Date; title: string; fileIndex: string }>();
    for (const id of new Set(items.map((i) => i.documentId))) {
      const r = await models.ArchiveRecord.findById(id, { number: 1, date: 1, title: 1, fileIndex: 1 }).lean();
      if (r) registers.set(id, { number: r.number, date: r.date, title: r.title, fileIndex: r.fileIndex });
    }
    const rows = items
      .map((i) => {
        const reg = registers.get(i.documentId);
        return {
          documentId: i.documentId,
          number: reg?.number ?? '',
          date: reg ? new Date(reg.date).toISOString() : '',
          title: reg?.title ?? '',
          fileIndex: reg?.fileIndex ?? '',
          signatureId: i.signatureId,
          signer: i.signer ?? undefined,
          verdictAtSigning: i.verdictAtSigning,
          verdictNow: i.verdictNow as Verdict,
          result: compareVerdicts(i.verdictAtSigning, i.verdictNow as Verdict),
          reason: i.reason ?? undefined,
          checkedAt: new Date(i.checkedAt).toISOString(),
        };
      })
      .sort((a, b) => a.date.localeCompare(b.date) || a.number.localeCompare(b.number, 'ru', { numeric: true }) || a.signatureId.localeCompare(b.signatureId));
    return { ...summary(run, rows.length, rows.filter((r) => r.verdictNow !== 'valid').length), items: rows };
  }

  /** The reason as words: the first code of the finding (e.g. "content-changed; digest-mismatch"). */
  function reasonText(reason: string | undefined, lang: Language): string {
    if (!reason) return '';
    return reason
      .split(/;\s*/)
      .map((code) => L.reason[lang][code] ?? L.reason[lang].other)
      .join('; ');
  }

  function table(r: Awaited<ReturnType<typeof report>>, lang: Language): string[][] {
    return r.items.map((i, n) => [
      String(n + 1),
      `№ ${i.number}`,
      i.date ? astanaDateLabel(new Date(i.date)) : '',
      i.title,
      i.signer ?? '—',
      L.verdict[lang][i.verdictAtSigning] ?? i.verdictAtSigning,
      L.verdict[lang][i.verdictNow] ?? i.verdictNow,
      L.result[lang][i.result],
      reasonText(i.reason, lang),
    ]);
  }

  function heading(r: Awaited<ReturnType<typeof report>>, lang: Language): string[] {
    return [
      `${L.started[lang]}: ${astanaDateTimeLabel(new Date(r.startedAt))}${r.finishedAt ? `; ${L.finished[lang]}: ${astanaDateTimeLabel(new Date(r.finishedAt))}` : ''}`,
      `${L.totals[lang]}: ${r.signatures}; ${L.notValid[lang]}: ${r.notValidNow}`,
    ];
  }

  async function xlsx(runId: string, lang: Language): Promise<Buffer> {
    const r = await report(runId);
    const book = new (excelJs().Workbook)();
    book.creator = 'Qujat';
    book.created = now();
    const sheet = book.addWorksheet(L.title[lang].slice(0, 31));
    sheet.addRow([L.title[lang]]).font = { bold: true };
    for (const line of heading(r, lang)) sheet.addRow([line]);
    sheet.addRow(L.header[lang]).font = { bold: true };
    for (const row of table(r, lang)) sheet.addRow(row);
    sheet.columns.forEach((c, i) => (c.width = [6, 16, 12, 40, 28, 16, 16, 20, 40][i] ?? 16));
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  async function pdf(runId: string, lang: Language): Promise<Buffer> {
    const r = await report(runId);
    const blocks: LayoutBlock[] = [{ kind: 'heading', text: L.title[lang] }];
    for (const line of heading(r, lang)) blocks.push({ kind: 'paragraph', text: line, align: 'left', bold: false });
    blocks.push({ kind: 'gap' }, { kind: 'paragraph', text: L.header[lang].join(' | '), align: 'left', bold: true });
    for (const row of table(r, lang)) blocks.push({ kind: 'paragraph', text: row.join(' | '), align: 'left', bold: false });
    if (r.items.length === 0) blocks.push({ kind: 'paragraph', text: '—', align: 'left', bold: false });
    return (await writePdf(blocks, { title: L.title[lang], createdAt: now(), footer: (p, n) => (lang === 'kk' ? `${p}-парақ / ${n}` : `Лист ${p} из ${n}`) })).bytes;
  }

  return { start, list, report, xlsx, pdf };
}

export type ArchiveCheckService = ReturnType<typeof createArchiveCheckService>;
