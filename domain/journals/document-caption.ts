/**
 * The document's heading as the registry shows it: the registration number and date once registered
 * (002 A1 §6.2: "number and date go into the title"), the draft number and date before that.
 */
const ASTANA_OFFSET_MS = 5 * 3600_000;

/** DD.MM.YYYY in Astana time, as dates are written on Kazakh documents. */
export function astanaDateLabel(at: Date): string {
  const local = new Date(at.getTime() + ASTANA_OFFSET_MS);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${local.getUTCFullYear()}`;
}

/** DD.MM.YYYY HH:MM in Astana time. */
export function astanaDateTimeLabel(at: Date): string {
  const local = new Date(at.getTime() + ASTANA_OFFSET_MS);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mi = String(local.getUTCMinutes()).padStart(2, '0');
  return `${astanaDateLabel(at)} ${hh}:${mi}`;
}

export interface CaptionInput {
  title: string;
  language: 'kk' | 'ru';
  createdAt: Date;
  draftNumber?: string | null;
  registration?: { number: string; registeredAt: Date } | null;
}

export function documentCaption(doc: CaptionInput): string {
  if (doc.registration) {
    const date = astanaDateLabel(doc.registration.registeredAt);
    return doc.language === 'kk'
      ? `${date} № ${doc.registration.number} — ${doc.title}`
      : `№ ${doc.registration.number} от ${date} — ${doc.title}`;
  }
  if (doc.draftNumber) {
    const date = astanaDateLabel(doc.createdAt);
    return doc.language === 'kk' ? `Жоба ${date} № ${doc.draftNumber} — ${doc.title}` : `Проект № ${doc.draftNumber} от ${date} — ${doc.title}`;
  }
  return doc.title;
}
