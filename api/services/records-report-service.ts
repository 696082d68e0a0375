/**
 * The records reports over HTTP: JSON for the screens and charts, XLSX (exceljs) and PDF (pdfkit, DejaVu) for
 * export, in kk or ru. Reports read every card once (off the hot paths; on the embedded database a full read),
 * and the pure rules in domain/records/reports.ts count them.
 */
import { astanaDateLabel } from '../../domain/journals/document-caption';
import { excelJs } from '../../domain/rendering/file-libraries';
import { writePdf } from '../../domain/rendering/pdf-writer';
import type { LayoutBlock } from '../../domain/rendering/text-layout';
import type { Models } from '../../db/models';
import { buildRecordsReport, type RecordsReport } from '../../domain/records/reports';

type Language = 'kk' | 'ru';

const L = {
  title: { kk: 'Іс жүргізу есебі', ru: 'Отчёт по делопроизводству' },
  period: { kk: 'Кезең', ru: 'Период' },
  discipline: { kk: 'Орындау тәртібі', ru: 'Исполнительская дисциплина' },
  unit: { kk: 'Бөлімше', ru: 'Подразделение' },
  executor: { kk: 'Орындаушы', ru: 'Исполнитель' },
  onTime: { kk: 'Мерзімінде', ru: 'В срок' },
  late: { kk: 'Кешігіп', ru: 'С опозданием' },
  overdue: { kk: 'Мерзімі өткен', ru: 'Просрочено' },
  inWork: { kk: 'Орындалуда', ru: 'На исполнении' },
  total: { kk: 'Барлығы', ru: 'Итого' },
  byType: { kk: 'Құжат түрлері бойынша', ru: 'По видам документов' },
  byJournal: { kk: 'Журналдар бойынша тіркелгені', ru: 'Зарегистрировано по журналам' },
  type: { kk: 'Түрі', ru: 'Вид' },
  journal: { kk: 'Журнал', ru: 'Журнал' },
  count: { kk: 'Саны', ru: 'Количество' },
  control: { kk: 'Бақылау күйі', ru: 'Состояние контроля' },
  open: { kk: 'Бақылауда', ru: 'На контроле' },
  executed: { kk: 'Орындалды, бақылаудан алынбаған', ru: 'Исполнено, не снято с контроля' },
  removed: { kk: 'Бақылаудан алынды', ru: 'Снято с контроля' },
  registrations: { kk: 'Ай сайынғы тіркеу', ru: 'Регистрация по месяцам' },
  month: { kk: 'Ай', ru: 'Месяц' },
} as const;

export interface NamedReport extends RecordsReport {
  names: { units: Record<string, { kk: string; ru: string }>; people: Record<string, string>; types: Record<string, { kk: string; ru: string }>; journals: Record<string, { kk: string; ru: string }> };
}

export function createRecordsReportService(deps: { models: Models; now?: () => Date }) {
  const { models } = deps;
  const now = deps.now ?? (() => new Date());

  async function report(from: Date, to: Date): Promise<NamedReport> {
    const documents = await models.Document.find({}, { type: 1, createdAt: 1, registration: 1, 'state.resolutions': 1, 'state.cards': 1, 'state.controlSheet': 1 }).lean();
    const employees = await models.Employee.find({}, { unitId: 1, fullName: 1 }).lean();
    const unitOf = new Map(employees.map((e) => [e._id, e.unitId]));
    const built = buildRecordsReport(
      documents.map((d) => ({ id: d._id, type: d.type, createdAt: new Date(d.createdAt), registration: d.registration as never, state: d.state as never })),
      unitOf,
      { from, to },
      now().getTime(),
    );
    const units = await models.Unit.find({}, { name: 1 }).lean();
    const types = await models.DocumentType.find({}, { title: 1 }).lean();
    const journals = await models.Journal.find({}, { title: 1 }).lean();
    const bilingual = (v: { kk?: string | null; ru?: string | null } | null | undefined, fallback: string) => ({ kk: v?.kk ?? fallback, ru: v?.ru ?? fallback });
    return {
      ...built,
      names: {
        units: Object.fromEntries(units.map((u) => [u._id, bilingual(u.name, u._id)])),
        people: Object.fromEntries(employees.map((e) => [e._id, e.fullName])),
        types: Object.fromEntries(types.map((t) => [String(t._id), bilingual(t.title as never, String(t._id))])),
        journals: Object.fromEntries(journals.map((j) => [String(j._id), bilingual(j.title as never, String(j._id))])),
      },
    };
  }

  /** The tables every export shows, in one language: [heading, header row, rows]. */
  function tables(r: NamedReport, lang: Language): Array<[string, string[], Array<Array<string | number>>]> {
    const unit = (id: string) => r.names.units[id]?.[lang] ?? id;
    const counts = (c: { onTime: number; late: number; overdue: number; inWork: number }) => [c.onTime, c.late, c.overdue, c.inWork];
    const head = [L.onTime[lang], L.late[lang], L.overdue[lang], L.inWork[lang]];
    return [
      [`${L.discipline[lang]}: ${L.unit[lang]}`, [L.unit[lang], ...head], [...r.discipline.byUnit.map((u) => [unit(u.unitId), ...counts(u)]), [L.total[lang], ...counts(r.discipline.total)]]],
      [`${L.discipline[lang]}: ${L.executor[lang]}`, [L.executor[lang], L.unit[lang], ...head], r.discipline.byExecutor.map((e) => [r.names.people[e.employeeId] ?? e.employeeId, unit(e.unitId), ...counts(e)])],
      [L.byType[lang], [L.type[lang], L.count[lang]], r.documentsByType.map((t) => [r.names.types[t.type]?.[lang] ?? t.type, t.count])],
      [L.byJournal[lang], [L.journal[lang], L.count[lang]], r.documentsByJournal.map((j) => [r.names.journals[j.journal]?.[lang] ?? j.journal, j.count])],
      [L.control[lang], [L.control[lang], L.count[lang]], [[L.open[lang], r.control.open], [L.overdue[lang], r.control.overdue], [L.executed[lang], r.control.executed], [L.removed[lang], r.control.removed]]],
      [L.registrations[lang], [L.month[lang], L.journal[lang], L.count[lang]], r.registrationsByMonth.map((m) => [m.month.split('-').reverse().join('.'), r.names.journals[m.journal]?.[lang] ?? m.journal, m.count])],
    ];
  }

  const periodLabel = (r: NamedReport) => `${astanaDateLabel(new Date(r.period.from))} – ${astanaDateLabel(new Date(new Date(r.period.to).getTime() - 1))}`;

  async function xlsx(from: Date, to: Date, lang: Language): Promise<Buffer> {
    const r = await report(from, to);
    const book = new (excelJs().Workbook)();
    book.creator = 'Qujat';
    book.created = now();
    for (const [heading, header, rows] of tables(r, lang)) {
      // Sheet names: at most 31 characters, no : \ / ? * [ ].
      const sheet = book.addWorksheet(heading.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31));
      sheet.addRow([`${L.title[lang]}. ${heading}`]).font = { bold: true };
      sheet.addRow([`${L.period[lang]}: ${periodLabel(r)}`]);
      sheet.addRow(header).font = { bold: true };
      for (const row of rows) sheet.addRow(row);
      sheet.columns.forEach((c, i) => (c.width = i === 0 ? 40 : 16));
    }
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  async function pdf(from: Date, to: Date, lang: Language): Promise<Buffer> {
    const r = await report(from, to);
    const blocks: LayoutBlock[] = [
      { kind: 'heading', text: L.title[lang] },
      { kind: 'paragraph', text: `${L.period[lang]}: ${periodLabel(r)}`, align: 'center', bold: false },
    ];
    for (const [heading, header, rows] of tables(r, lang)) {
      blocks.push({ kind: 'gap' }, { kind: 'paragraph', text: heading, align: 'left', bold: true }, { kind: 'paragraph', text: header.join(' | '), align: 'left', bold: true });
      for (const row of rows) blocks.push({ kind: 'paragraph', text: row.join(' | '), align: 'left', bold: false });
      if (rows.length === 0) blocks.push({ kind: 'paragraph', text: '—', align: 'left', bold: false });
    }
    return (await writePdf(blocks, { title: L.title[lang], createdAt: now(), footer: (p, n) => (lang === 'kk' ? `${p}-парақ / ${n}` : `Лист ${p} из ${n}`) })).bytes;
  }

  return { report, xlsx, pdf };
}

export type RecordsReportService = ReturnType<typeof createRecordsReportService>;
