/** Advanced search's criteria as one predicate over a card. */
import { canonical, loose } from '../../../domain/search/tokenizer';
import { lowerBound, upperBound } from '../search-dates';
import type { AdvancedSearchQuery } from '../search-schemas';
import type { Card } from './card';

const CONTROLLED = ['controlled', 'personal'];

/** The mirror of search-filters `advancedCriteria`, as one predicate. */
export function criteriaOf(q: AdvancedSearchQuery, now: Date): (c: Card) => boolean {
  const tests: Array<(c: Card) => boolean> = [];
  if (q.type) {
    const types = new Set(q.type);
    tests.push((c) => types.has(c.type));
  }
  if (q.status) {
    const statuses = new Set<string>(q.status);
    tests.push((c) => statuses.has(c.status));
  }
  if (q.journal) tests.push((c) => c.registrationJournal === q.journal);
  if (q.numberFrom !== undefined || q.numberTo !== undefined) {
    const from = q.numberFrom ?? -Infinity;
    const to = q.numberTo ?? Infinity;
    tests.push((c) => c.registrationSeq !== undefined && c.registrationSeq >= from && c.registrationSeq <= to);
  }
  const range = (from: string | undefined, to: string | undefined, value: (c: Card) => number | undefined) => {
    if (!from && !to) return;
    const lo = from ? lowerBound(from).getTime() : -Infinity;
    const hi = to ? upperBound(to).getTime() : Infinity;
    tests.push((c) => {
      const v = value(c);
      return v !== undefined && v >= lo && v <= hi;
    });
  };
  range(q.registeredFrom, q.registeredTo, (c) => c.registeredAt);
  range(q.createdFrom, q.createdTo, (c) => c.createdAt);
  if (q.author) tests.push((c) => c.authorId === q.author);
  if (q.executor) {
    const executor = q.executor;
    tests.push((c) => c.executorIds.includes(executor));
  }
  if (q.correspondent) {
    const needle = loose(canonical(q.correspondent)).replace(/\s+/g, ' ');
    tests.push((c) => c.correspondentKey !== undefined && c.correspondentKey.includes(needle));
  }
  if (q.control) {
    const typed = q.control.filter((x) => x !== 'none');
    const none = q.control.includes('none');
    tests.push((c) => typed.some((t) => c.controlTypes.includes(t)) || (none && !c.controlTypes.some((t) => CONTROLLED.includes(t))));
  }
  const nowMs = now.getTime();
  if (q.overdue === true) tests.push((c) => c.openDueAt !== undefined && c.openDueAt < nowMs);
  if (q.overdue === false) tests.push((c) => !(c.openDueAt !== undefined && c.openDueAt < nowMs));
  return (c) => tests.every((t) => t(c));
}
