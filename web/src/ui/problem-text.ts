/**
 * The kk/ru words for a server refusal. The API's problem+json is English for developers and logs; a clerk reads
 * a message chosen by the problem's type, then by its status, and beside each field a message chosen by the kind
 * of mistake. The server's own English stays available to an administrator under a collapsed "technical" note.
 */
import { DICTIONARY, type MessageKey } from '../i18n/dictionary';

type Translate = (key: MessageKey) => string;

const known = (key: string): key is MessageKey => key in DICTIONARY;

/** The parts of an ApiProblem the heading needs (kept structural so this module stays free of browser APIs). */
export function problemHeading(t: Translate, error: { status: number; slug?: string }): string {
  if (error.status === 0) return t('problem.network');
  const byType = `problem.type.${error.slug ?? ''}`;
  if (error.slug && known(byType)) return t(byType);
  const byStatus = error.status >= 500 ? 'problem.status.5xx' : `problem.status.${error.status}`;
  return t(known(byStatus) ? byStatus : 'problem.status.other');
}

/** zod's field messages ("Required", "String must contain at least 1 character(s)", "Invalid enum value …"). */
const FIELD_PATTERNS: Array<[RegExp, MessageKey]> = [
  [/required|must not be empty|at least 1 character/i, 'problem.field.required'],
  [/at least|too small|too short/i, 'problem.field.tooShort'],
  [/at most|too big|too long/i, 'problem.field.tooLong'],
  [/date|datetime|instant|YYYY/i, 'problem.field.date'],
  [/enum|expected .*received|one of/i, 'problem.field.choice'],
  [/number|integer/i, 'problem.field.number'],
  [/unrecognized key|unknown field|not allowed/i, 'problem.field.unknown'],
];

/** A server message already in Cyrillic (a domain refusal written in kk/ru) is kept; English is replaced. */
export function fieldMessage(t: Translate, message: string): string {
  if (/[\u0400-\u04FF]/.test(message) && !/[A-Za-z]{3,}/.test(message)) return message;
  for (const [pattern, key] of FIELD_PATTERNS) if (pattern.test(message)) return t(key);
  return t('problem.field.invalid');
}
