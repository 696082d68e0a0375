/**
 * The duplicate check's key of a paper incoming document: the sender's outgoing number, its date and
 * the correspondent, normalised so that spelling noise ("№ 01-12/345 " vs "01–12/345", «ТОО "Альфа"» vs
 * тоо альфа) does not hide a duplicate.
 */
export interface SenderKey {
  number: string;
  /** YYYY-MM-DD */
  date: string;
  correspondent: string;
}

const DASHES = /[\u2010-\u2015\u2212]/g;
const QUOTES = /["'«»„“”‘’`]/g;

export function normalizeSenderNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(/^\s*(№|N[o°]?\.?)\s*/i, '')
    .replace(/\s+/g, '')
    .toUpperCase();
}

export function normalizeCorrespondent(raw: string): string {
  return raw.normalize('NFKC').replace(QUOTES, ' ').replace(/\s+/g, ' ').trim().toLocaleLowerCase('kk');
}

/** Accepts YYYY-MM-DD or DD.MM.YYYY (how dates are written on Kazakh letters). */
export function normalizeSenderDate(raw: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(raw.trim());
  const date = iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}` : undefined;
  // A real calendar date only: 31.02 does not survive the round trip.
  return date && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : undefined;
}

/** The key from a card, or undefined when the card does not carry all three parts. */
export function senderKeyOf(card: { correspondent?: string | null; fields?: Record<string, unknown> | null }): SenderKey | undefined {
  const number = card.fields?.senderNumber;
  const date = card.fields?.senderDate;
  if (typeof number !== 'string' || typeof date !== 'string' || !card.correspondent) return undefined;
  const isoDate = normalizeSenderDate(date);
  if (!isoDate || !normalizeSenderNumber(number)) return undefined;
  return { number: normalizeSenderNumber(number), date: isoDate, correspondent: normalizeCorrespondent(card.correspondent) };
}
