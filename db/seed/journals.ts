/**
 * The registration journals every installation starts with (002 A1 §§6.1–6.9: incoming, outgoing,
 * internal documents, orders on core activity, directives, citizens' applications). An administrator
 * can change them or add more through /api/journals; seeding never overwrites their changes.
 */
import type { Models } from '../models';
import type { JournalDirection } from '../models/journal';
import { isDuplicateKey } from '../../domain/journals/sequence-claim';

export interface JournalSeed {
  _id: string;
  title: { kk: string; ru: string };
  index: string;
  /** {index}, {seq}, {year}: see domain/journals/number-format.ts */
  format: string;
  width: number;
  direction: JournalDirection;
}

export const DEFAULT_JOURNALS: readonly JournalSeed[] = [
  {
    _id: 'incoming',
    title: { kk: 'Кіріс құжаттарды тіркеу журналы', ru: 'Журнал регистрации входящих документов' },
    index: '01-12',
    format: '{index}/{seq}',
    width: 0,
    direction: 'incoming',
  },
  {
    _id: 'outgoing',
    title: { kk: 'Шығыс құжаттарды тіркеу журналы', ru: 'Журнал регистрации исходящих документов' },
    index: '01-13',
    format: '{index}/{seq}',
    width: 0,
    direction: 'outgoing',
  },
  {
    _id: 'internal',
    title: { kk: 'Ішкі құжаттарды тіркеу журналы', ru: 'Журнал регистрации внутренних документов' },
    index: '01-14',
    format: '{index}/{seq}',
    width: 0,
    direction: 'internal',
  },
  {
    _id: 'orders',
    title: { kk: 'Негізгі қызмет бойынша бұйрықтарды тіркеу журналы', ru: 'Журнал регистрации приказов по основной деятельности' },
    index: 'НҚ',
    format: '{seq}-{index}',
    width: 0,
    direction: 'internal',
  },
  {
    _id: 'directives',
    title: { kk: 'Өкімдерді тіркеу журналы', ru: 'Журнал регистрации распоряжений' },
    index: 'Ө',
    format: '{seq}-{index}',
    width: 0,
    direction: 'internal',
  },
  {
    _id: 'citizens-applications',
    title: { kk: 'Жеке және заңды тұлғалардың өтініштерін тіркеу журналы', ru: 'Журнал регистрации обращений физических и юридических лиц' },
    index: 'ЖТ',
    format: '{index}-{seq}',
    width: 4,
    direction: 'incoming',
  },
];

/**
 * Inserts the journals that do not exist yet; existing ones (perhaps edited by an administrator) are
 * left alone. Safe to run on every start and from several processes at once.
 */
export async function seedJournals(models: Pick<Models, 'Journal'>, journals: readonly JournalSeed[] = DEFAULT_JOURNALS): Promise<{ inserted: string[] }> {
  const inserted: string[] = [];
  for (const journal of journals) {
    if (await models.Journal.exists({ _id: journal._id })) continue;
    try {
      await models.Journal.create(journal);
      inserted.push(journal._id);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // another process seeded it first
    }
  }
  return { inserted };
}
