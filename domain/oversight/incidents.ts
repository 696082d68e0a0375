/**
 * The emergency journal (seed-004 ¶¶41–43, Annex 7): its six sections, the one-hour threshold, and the journal
 * as a table for printing and export. Pure.
 */
import type { IncidentSection } from '../../db/models/oversight';
import { astanaDateTimeLabel } from '../calendar/astana-zone';

/** ¶¶41–42: an outage "longer than one hour" goes into the log and the emergency journal; exactly 60 minutes does not. */
export const INCIDENT_THRESHOLD_MS = 60 * 60 * 1000;

export function isOverOneHour(startedAt: Date, endedAt: Date): boolean {
  return endedAt.getTime() - startedAt.getTime() > INCIDENT_THRESHOLD_MS;
}

/** Annex 7's section titles, in the journal's own languages. */
export const SECTION_TITLES: Record<IncidentSection, { kk: string; ru: string }> = {
  'server-equipment': { kk: 'Серверлік жабдықтың елеулі зақымдануы', ru: 'Серьёзное повреждение серверного оборудования' },
  premises: { kk: 'Үй-жайдың ішінара зақымдануы', ru: 'Частичное повреждение помещения' },
  'fire-alarm': { kk: 'Өрт дабылы', ru: 'Пожарная тревога' },
  'air-conditioning': { kk: 'Ауа баптау жүйесінің істен шығуы', ru: 'Отказ системы кондиционирования' },
  power: { kk: 'Электр қуатының үзілуі', ru: 'Отключение электропитания' },
  flooding: { kk: 'Су басу', ru: 'Затопление' },
};

export interface JournalRow {
  section: IncidentSection;
  year: number;
  number: number;
  actions: string;
  requiredMinutes?: number;
  responsibleName: string;
  startedAt: Date;
  endedAt?: Date;
  cause: string;
}

const HEADERS = {
  kk: ['Бөлім', '№', 'Іс-қимылдар', 'Қажетті уақыт (ең көбі), мин', 'Жауапты', 'Басталған күні/уақыты', 'Аяқталған күні/уақыты', 'Себебі'],
  ru: ['Раздел', '№', 'Действия', 'Необходимое время (макс.), мин', 'Ответственный', 'Дата/время начала', 'Дата/время окончания', 'Причина'],
};

function csvCell(value: string): string {
  // A leading = + - @ would be run as a formula by a spreadsheet: quoted with an apostrophe in front.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The journal as CSV (UTF-8 with a BOM so spreadsheets read Cyrillic), sections in Annex 7's order, times in Astana. */
export function journalCsv(rows: readonly JournalRow[], language: 'kk' | 'ru', sectionOrder: readonly IncidentSection[]): string {
  const sorted = [...rows].sort((a, b) => sectionOrder.indexOf(a.section) - sectionOrder.indexOf(b.section) || a.year - b.year || a.number - b.number);
  const lines = [HEADERS[language]];
  for (const r of sorted) {
    lines.push([
      SECTION_TITLES[r.section][language],
      `${r.number}/${r.year}`,
      r.actions,
      r.requiredMinutes === undefined ? '' : String(r.requiredMinutes),
      r.responsibleName,
      astanaDateTimeLabel(r.startedAt),
      r.endedAt ? astanaDateTimeLabel(r.endedAt) : '',
      r.cause,
    ]);
  }
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
