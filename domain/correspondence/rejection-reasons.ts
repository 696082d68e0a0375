/**
 * Why a registrar refuses an incoming electronic document: the checks of seed-003 §§13–16 (and the
 * format and limit rules of §§7–8), each a code the rejection notice names, with a free-text comment.
 * Codes are stable identifiers stored in workflow histories: add new ones, never rename.
 */
export interface RejectionReason {
  code: string;
  title: { kk: string; ru: string };
  /** Where the rule comes from. */
  source: string;
}

export const REJECTION_REASONS = [
  {
    code: 'signature-invalid',
    title: { kk: 'ЭЦҚ тексеруден өтпеді (тұтастығы бұзылған)', ru: 'ЭЦП не прошла проверку (нарушена целостность)' },
    source: 'seed-003 §§13–14',
  },
  {
    code: 'certificate-invalid',
    title: { kk: 'Тіркеу куәлігі жарамсыз (мерзімі өткен немесе кері қайтарылған)', ru: 'Регистрационное свидетельство недействительно (истекло или отозвано)' },
    source: 'seed-003 §15.1',
  },
  {
    code: 'signer-not-authorised',
    title: { kk: 'Қол қоюшының өкілеттігі расталмады', ru: 'Полномочия подписавшего не подтверждены' },
    source: 'seed-003 §15.3',
  },
  {
    code: 'requisites-missing',
    title: { kk: 'Құжаттың міндетті деректемелері толық емес', ru: 'Не заполнены обязательные реквизиты документа' },
    source: 'seed-003 §§8, 15.2',
  },
  {
    code: 'wrong-addressee',
    title: { kk: 'Құжат біздің ұйымға жолданбаған', ru: 'Документ адресован не нашей организации' },
    source: 'seed-003 §15',
  },
  {
    code: 'format-not-allowed',
    title: { kk: 'Файл пішімі рұқсат етілмеген немесе файл бүлінген', ru: 'Недопустимый формат файла или файл повреждён' },
    source: 'seed-003 §8',
  },
  {
    code: 'limits-exceeded',
    title: { kk: 'Көлемі 60 МБ-тан немесе қосымшалар саны 6-дан асады', ru: 'Объём превышает 60 МБ или вложений больше 6' },
    source: 'seed-003 §7',
  },
  {
    code: 'attachments-missing',
    title: { kk: 'Көрсетілген қосымшалар жоқ', ru: 'Отсутствуют указанные приложения' },
    source: 'seed-003 §15.2',
  },
  {
    code: 'other',
    title: { kk: 'Басқа себеп (түсініктемеде көрсетілген)', ru: 'Иная причина (указана в комментарии)' },
    source: 'seed-003 §14',
  },
] as const satisfies readonly RejectionReason[];

export type RejectionReasonCode = (typeof REJECTION_REASONS)[number]['code'];
export const REJECTION_REASON_CODES = REJECTION_REASONS.map((r) => r.code) as [RejectionReasonCode, ...RejectionReasonCode[]];

export function rejectionReason(code: string): RejectionReason | undefined {
  return REJECTION_REASONS.find((r) => r.code === code);
}
