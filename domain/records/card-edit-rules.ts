/**
 * Who may change which field of a document card, in which state. Pure rules: the card service asks them
 * before it claims a card version.
 *
 * - Content fields are what a signature covers (activities/signing/signed-content.ts). Once a valid
 *   signature exists they are frozen: a change needs a new version of the document, and the signed one
 *   stays as it was, with its signatures.
 * - The author changes the content at the Create point (draft, returned, withdrawn); during approval and
 *   signing it must be withdrawn first, so nobody approves or signs a moving target.
 * - From registration on, the registry office corrects the content of an unsigned document (a paper
 *   letter's summary, its correspondent) and keeps the registration-control card's own fields current.
 * - The registration number and date are never edited: after registration they are frozen.
 * - The people of the route are chosen at the Create point only; later, a transfer of cases moves them.
 */

export const CONTENT_FIELDS = ['title', 'language', 'summary', 'correspondent', 'fields', 'participants'] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

/** The registration-control card's own fields (seed-003 §8) that no signature covers. */
export const CARD_FIELDS = ['issueNature', 'sheetsMain', 'sheetsAttachments', 'addresseeBody', 'addresseePerson', 'executorPhone', 'paperForm'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** Named only to be refused with the reason: they come from the journal, once. */
export const FROZEN_FIELDS = ['registrationNumber', 'registrationDate'] as const;

export type EditableField = ContentField | CardField | (typeof FROZEN_FIELDS)[number];

export const PAPER_FORMS = ['original', 'copy', 'none'] as const;

export interface EditFacts {
  status: string;
  isAuthor: boolean;
  roles: readonly string[];
  registered: boolean;
  /** A valid signature covers the content. */
  signed: boolean;
}

export interface EditRefusal {
  field: string;
  /** 403: not yours to change; 409: not in this state; 422: never set by hand. */
  status: 403 | 409 | 422;
  code: 'not-allowed' | 'not-editable-now' | 'signed-content-frozen' | 'frozen-after-registration' | 'set-by-registration';
  message: string;
}

const CREATE_POINT = new Set(['draft', 'rejected', 'withdrawn']);
const BEFORE_REGISTRATION = new Set(['draft', 'rejected', 'withdrawn', 'on-approval', 'on-signing']);

/** The refusals for the fields a request changes; empty = allowed. */
export function checkCardEdit(facts: EditFacts, changed: readonly EditableField[]): EditRefusal[] {
  const registrar = facts.roles.includes('registrar');
  const refusals: EditRefusal[] = [];
  for (const field of changed) {
    const refusal = checkField(field, facts, registrar);
    if (refusal) refusals.push({ field: `body.changes.${field}`, ...refusal });
  }
  return refusals;
}

function checkField(field: EditableField, facts: EditFacts, registrar: boolean): Omit<EditRefusal, 'field'> | undefined {
  if ((FROZEN_FIELDS as readonly string[]).includes(field)) {
    return facts.registered
      ? { status: 409, code: 'frozen-after-registration', message: 'the registration number and date are frozen once registered' }
      : { status: 422, code: 'set-by-registration', message: 'the registration number and date are given by the journal at registration' };
  }
  if ((CARD_FIELDS as readonly string[]).includes(field)) {
    if (registrar || (facts.isAuthor && CREATE_POINT.has(facts.status))) return undefined;
    return { status: 403, code: 'not-allowed', message: 'the registration-control card is kept by the registry office (and by the author at the Create point)' };
  }
  // A content field.
  if (!facts.isAuthor && !registrar) return { status: 403, code: 'not-allowed', message: 'only the author or the registry office changes the card' };
  if (facts.signed) {
    return { status: 409, code: 'signed-content-frozen', message: 'a signature covers it: make a new version of the document; this one stays with its signatures' };
  }
  if (field === 'participants') {
    if (facts.isAuthor && CREATE_POINT.has(facts.status)) return undefined;
    return { status: 409, code: 'not-editable-now', message: 'the people of the route are chosen at the Create point; later, a transfer of cases moves them' };
  }
  if (facts.isAuthor && CREATE_POINT.has(facts.status)) return undefined;
  if (registrar && !BEFORE_REGISTRATION.has(facts.status)) return undefined;
  if (BEFORE_REGISTRATION.has(facts.status)) {
    return { status: 409, code: 'not-editable-now', message: `the document is ${facts.status}: withdraw it to the Create point to change it` };
  }
  return { status: 403, code: 'not-allowed', message: 'after registration the registry office corrects the card' };
}

/** Values compared as canonical JSON, so `{a:1,b:2}` and `{b:2,a:1}` are no change. */
export function sameValue(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (v === undefined || v === null || v === '') return 'null';
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null && x !== '');
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The next card version's claim id: ordered as text. */
export function editId(documentId: string, version: number): string {
  return `${documentId}:${String(version).padStart(6, '0')}`;
}
