/** Maintenance banner, incidents journal and the read log. */
import type { Entry } from './entry';

export const OVERSIGHT_MESSAGES = {
  'oversight.maintenance.announced': { kk: 'Жоспарлы техникалық жұмыстар', ru: 'Плановые технические работы' },
  'oversight.maintenance.now': { kk: 'Техникалық жұмыстар жүріп жатыр', ru: 'Идут технические работы' },
  'oversight.maintenance.period': { kk: 'Астана уақытымен', ru: 'по времени Астаны' },
} as const satisfies Record<string, Entry>;
