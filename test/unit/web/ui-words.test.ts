/** The UI's words for what the server says in codes: refusals, field errors, events, numbers and typed dates. */
import { DICTIONARY, type MessageKey } from '../../../web/src/i18n/dictionary';
import { eventLabel, outcomeLabel } from '../../../web/src/i18n/event-label';
import { documentNumber, draftNo } from '../../../web/src/documents/document-number';
import { clerkDateOf, parseClerkDate, parseClockTime } from '../../../web/src/ui/clerk-date';
import { fieldMessage, problemHeading } from '../../../web/src/ui/problem-text';

const ru = (key: MessageKey, vars?: Record<string, string | number>) => {
  let text: string = DICTIONARY[key].ru;
  for (const [k, v] of Object.entries(vars ?? {})) text = text.split(`{${k}}`).join(String(v));
  return text;
};

it('names a refusal by its type, then by its status, never in the server English', () => {
  expect(problemHeading(ru, { status: 401, slug: 'unauthorized' })).toBe(DICTIONARY['problem.type.unauthorized'].ru);
  expect(problemHeading(ru, { status: 409, slug: 'wrong-stage' })).toBe(DICTIONARY['problem.type.wrong-stage'].ru);
  expect(problemHeading(ru, { status: 409, slug: 'something-new' })).toBe(DICTIONARY['problem.status.409'].ru);
  expect(problemHeading(ru, { status: 502, slug: undefined })).toBe(DICTIONARY['problem.status.5xx'].ru);
  expect(problemHeading(ru, { status: 0, slug: undefined })).toBe(DICTIONARY['problem.network'].ru);
  expect(problemHeading(ru, { status: 418, slug: undefined })).toBe(DICTIONARY['problem.status.other'].ru);
});

it('says field errors by the kind of mistake, keeping messages already in Cyrillic', () => {
  expect(fieldMessage(ru, 'Required')).toBe(DICTIONARY['problem.field.required'].ru);
  expect(fieldMessage(ru, 'String must contain at most 500 character(s)')).toBe(DICTIONARY['problem.field.tooLong'].ru);
  expect(fieldMessage(ru, "Invalid enum value. Expected 'kk' | 'ru', received 'en'")).toBe(DICTIONARY['problem.field.choice'].ru);
  expect(fieldMessage(ru, 'Something unexpected')).toBe(DICTIONARY['problem.field.invalid'].ru);
  expect(fieldMessage(ru, 'Исполнитель не найден')).toBe('Исполнитель не найден');
});

it('says audit and history events as sentences, an unknown one as a system event', () => {
  expect(eventLabel(ru, 'update:document.submit')).toBe(DICTIONARY['event.update.document.submit'].ru);
  expect(eventLabel(ru, 'approval.granted')).toBe(DICTIONARY['event.approval.granted'].ru);
  expect(eventLabel(ru, 'brand.new-event')).toBe(DICTIONARY['event.other'].ru);
  expect(outcomeLabel(ru, 'failed')).toBe(DICTIONARY['event.outcome.failed'].ru);
  expect(outcomeLabel(ru, 'weird')).toBe(DICTIONARY['event.outcome.other'].ru);
});

it('writes numbers the way a clerk does', () => {
  expect(documentNumber(ru, { registration: { number: '01-12/34', registeredAt: '2026-12-05T04:00:00Z' }, createdAt: '2026-12-01T04:00:00Z' })).toBe('№ 01-12/34 от 05.12.2026');
  expect(documentNumber(ru, { draftNumber: 'D-17', createdAt: '2026-12-05T04:00:00Z' })).toBe('проект № 17 от 05.12.2026');
  expect(draftNo('D-17')).toBe('17');
});

it('reads typed days as dd.mm.yyyy and refuses days that do not exist', () => {
  expect(parseClerkDate('05.12.2026')).toBe('2026-12-05');
  expect(parseClerkDate('5.1.2026')).toBe('2026-01-05');
  expect(parseClerkDate('31.02.2026')).toBeUndefined();
  expect(parseClerkDate('12/05/2026')).toBe('2026-05-12');
  expect(parseClerkDate('2026-12-05')).toBeUndefined();
  expect(clerkDateOf('2026-12-05')).toBe('05.12.2026');
});

it('reads a time of day typed the 24-hour way, refusing what is not one', () => {
  expect(parseClockTime('9:05')).toBe('09:05');
  expect(parseClockTime(' 23.59 ')).toBe('23:59');
  expect(parseClockTime('00:00')).toBe('00:00');
  for (const bad of ['24:00', '12:60', '7 pm', '1205', '']) expect(parseClockTime(bad)).toBeUndefined();
});
