/** Maintenance banner, incidents journal and the read log. */
import type { Entry } from './entry';

export const OVERSIGHT_MESSAGES = {
  'oversight.maintenance.announced': { kk: 'Жоспарлы техникалық жұмыстар', ru: 'Плановые технические работы' },
  'oversight.maintenance.now': { kk: 'Техникалық жұмыстар жүріп жатыр', ru: 'Идут технические работы' },
  'oversight.maintenance.period': { kk: 'Астана уақытымен', ru: 'по времени Астаны' },
  'oversight.readers.title': { kk: 'Құжатты кім қарады', ru: 'Кто просматривал документ' },
  'oversight.readers.none': { kk: 'Әзірге ешкім қарамаған.', ru: 'Пока никто не просматривал.' },
  'oversight.readers.who': { kk: 'Қызметкер', ru: 'Сотрудник' },
  'oversight.readers.reads': { kk: 'Қаралды', ru: 'Просмотров' },
  'oversight.readers.refused': { kk: 'Бас тартылды', ru: 'Отказано' },
  'oversight.readers.last': { kk: 'Соңғы рет', ru: 'Последний раз' },
  'oversight.readers.anonymous': { kk: 'Жүйеге кірмеген', ru: 'Без входа в систему' },
} as const satisfies Record<string, Entry>;
