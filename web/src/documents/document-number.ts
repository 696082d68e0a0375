/**
 * A document's number as a clerk writes it, in the reader's language: "№ 01-12/34 от 05.12.2026" /
 * "05.12.2026 № 01-12/34" once registered, "проект № 17 от 05.12.2026" / "05.12.2026 жоба № 17" before. The server
 * numbers drafts "D-17" (one namespace with registration numbers in search); the "D-" is its code, not the clerk's.
 */
import type { MessageKey } from '../i18n/dictionary';
import { formatDate } from '../i18n/astana-time';

export const draftNo = (draftNumber: string): string => draftNumber.replace(/^D-/, '');

export function documentNumber(
  t: (key: MessageKey, vars?: Record<string, string | number>) => string,
  doc: { registration?: { number: string; registeredAt: string }; draftNumber?: string; createdAt: string },
): string | undefined {
  if (doc.registration) return t('doc.numberRegistered', { n: doc.registration.number, date: formatDate(doc.registration.registeredAt) });
  if (doc.draftNumber) return t('doc.numberDraft', { n: draftNo(doc.draftNumber), date: formatDate(doc.createdAt) });
  return undefined;
}
