/**
 * The document's heading as the registry shows it: the registration number and date once registered
 * (002 A1 §6.2: "number and date go into the title"), the draft number and date before that.
 */
import { astanaDateLabel } from '../calendar/astana-zone';

// DD.MM.YYYY (and HH:MM) in Astana time from the zone database, as dates are written on Kazakh documents.
export { astanaDateLabel, astanaDateTimeLabel } from '../calendar/astana-zone';

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
