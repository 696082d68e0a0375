/**
 * Why an account is blocked on application (seed-004 ¶¶12, 14, 16; Annex 6 §3), and who may ask for it.
 * Every block takes effect when filed; the grounds differ in who may file and what must accompany them.
 */
export const BLOCK_GROUNDS = ['dismissal', 'removal', 'absence', 'violation', 'other'] as const;
export type BlockGround = (typeof BLOCK_GROUNDS)[number];

export interface BlockRequest {
  ground: BlockGround;
  applicantId: string;
  subjectId: string;
  absentFrom?: string;
  absentUntil?: string;
}

export interface BlockRefusal {
  field: string;
  message: string;
  /** 403 when the applicant may not ask this, 422 (validation) when the application itself is incomplete. */
  forbidden?: boolean;
}

/** The day `months` calendar months after `day` (YYYY-MM-DD), clamped to the month's end (31 Oct + 2 → 31 Dec, 31 Dec + 2 → 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function isDay(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * The rules of a block application beyond "the holder, a head above them or an administrator" (checked by the
 * caller): an absence block is the holder's own (Ann. 6 §3: "when absent more than two months") and names a
 * period longer than two months; a dismissal or removal block is the head's or the administrator's (¶16), never
 * one's own. Undefined when the application may go ahead.
 */
export function blockRefusal(request: BlockRequest, applicantIsAdministrator: boolean): BlockRefusal | undefined {
  const self = request.applicantId === request.subjectId;
  if (request.ground === 'absence') {
    if (!self) return { field: 'body.ground', message: 'an absence block is filed by the account holder themself', forbidden: true };
    if (!request.absentFrom) return { field: 'body.absentFrom', message: 'the first day of the absence is required' };
    if (!request.absentUntil) return { field: 'body.absentUntil', message: 'the last day of the absence is required' };
    if (!isDay(request.absentFrom)) return { field: 'body.absentFrom', message: 'not a calendar day' };
    if (!isDay(request.absentUntil)) return { field: 'body.absentUntil', message: 'not a calendar day' };
    // "More than two months": the last day away falls after the day two calendar months on.
    if (request.absentUntil <= addMonths(request.absentFrom, 2)) {
      return { field: 'body.absentUntil', message: `the absence must last more than two months: after ${addMonths(request.absentFrom, 2)}` };
    }
    return undefined;
  }
  if (request.absentFrom || request.absentUntil) return { field: request.absentFrom ? 'body.absentFrom' : 'body.absentUntil', message: 'only an absence block names a period' };
  if ((request.ground === 'dismissal' || request.ground === 'removal') && self && !applicantIsAdministrator) {
    return { field: 'body.ground', message: 'a block on dismissal or removal is filed by a head above the person or an administrator', forbidden: true };
  }
  return undefined;
}
