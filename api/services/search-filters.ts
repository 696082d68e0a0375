/**
 * MongoDB filters of search over `document_search`, as pure functions of the request: who may see what (the
 * mirror of `canSee` over the stored `viewerIds` / `visibleJournal`), the keyword, and the advanced criteria.
 */
import { seesEverything } from '../../domain/documents/document-visibility';
import { anyOf, noneOf, termCondition, type SearchLayout } from '../../domain/search/search-layout';
import { canonical, loose, stemTokens, termKey, type QueryTerm } from '../../domain/search/tokenizer';
import type { Role } from '../../db/models/employee';
import type { AdvancedSearchQuery } from './search-schemas';
import { dateRange } from './search-dates';
import type { Representation } from './substitution-service';

export type Filter = Record<string, unknown>;

/**
 * The cards a person may see, as `canSee` decides for one card: their own (as a viewer), those of everyone
 * they stand in for now (within the substitution's document types), every journal's documents for a
 * registrar, everything for auditors and administrators.
 */
export function visibilityFilter(
  actor: { employeeId: string; roles: readonly Role[] },
  representations: readonly Representation[],
  layout: SearchLayout,
): Filter {
  if (seesEverything(actor.roles)) return {};
  const everywhere = [actor.employeeId, ...representations.filter((r) => !r.documentTypes).map((r) => r.absentId)];
  const branches: Filter[] = [{ viewerIds: anyOf(everywhere, layout) }];
  for (const r of representations) {
    if (r.documentTypes) branches.push({ viewerIds: anyOf([r.absentId], layout), type: { $in: r.documentTypes } });
  }
  if (actor.roles.includes('registrar')) branches.push({ visibleJournal: { $type: 'string' } });
  return { $or: branches };
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every term must be on the card (AND), after loose folding: as a whole word, or for terms of MIN_PREFIX
 * letters and more as the beginning of one, or by a word of the same stem (see search-layout for the
 * condition per layout).
 */
export function termsFilter(terms: readonly QueryTerm[], layout: SearchLayout): Filter[] {
  const unique = [...new Map(terms.map((t) => [termKey(t), t])).values()];
  return unique.map((t) => termCondition(t.loose, t.prefix, stemTokens(t), layout));
}

const CONTROLLED = ['controlled', 'personal'];

/** The advanced criteria, each a separate clause so they combine with AND. */
export function advancedCriteria(q: AdvancedSearchQuery, now: Date, layout: SearchLayout): Filter[] {
  const clauses: Filter[] = [];
  if (q.type) clauses.push({ type: { $in: q.type } });
  if (q.status) clauses.push({ status: { $in: q.status } });
  if (q.journal) clauses.push({ registrationJournal: q.journal });
  if (q.numberFrom !== undefined || q.numberTo !== undefined) {
    clauses.push({ registrationSeq: { ...(q.numberFrom !== undefined && { $gte: q.numberFrom }), ...(q.numberTo !== undefined && { $lte: q.numberTo }) } });
  }
  const registered = dateRange(q.registeredFrom, q.registeredTo);
  if (registered) clauses.push({ registeredAt: registered });
  const created = dateRange(q.createdFrom, q.createdTo);
  if (created) clauses.push({ createdAt: created });
  if (q.author) clauses.push({ authorId: q.author });
  if (q.executor) clauses.push({ executorIds: anyOf([q.executor], layout) });
  if (q.correspondent) {
    const needle = loose(canonical(q.correspondent)).replace(/\s+/g, ' ');
    clauses.push({ correspondentKey: { $regex: escapeRegex(needle) } });
  }
  if (q.control) {
    const typed = q.control.filter((c) => c !== 'none');
    const options: Filter[] = [];
    if (typed.length) options.push({ controlTypes: anyOf(typed, layout) });
    if (q.control.includes('none')) options.push({ controlTypes: noneOf(CONTROLLED, layout) });
    clauses.push(options.length === 1 ? options[0] : { $or: options });
  }
  if (q.overdue === true) clauses.push({ openDueAt: { $lt: now } });
  if (q.overdue === false) clauses.push({ openDueAt: { $not: { $lt: now } } });
  return clauses;
}

/** AND of clauses, without empty ones (an empty filter means "everything"). */
export function allOf(clauses: readonly Filter[]): Filter {
  const real = clauses.filter((c) => Object.keys(c).length > 0);
  if (real.length === 0) return {};
  return real.length === 1 ? real[0] : { $and: real };
}

const SORT_FIELDS: Record<string, string[]> = {
  createdAt: ['createdAt'],
  registeredAt: ['registeredAt'],
  number: ['registrationJournal', 'registrationSeq'],
  title: ['title'],
  dueAt: ['openDueAt'],
};

/** A sort such as "-registeredAt" as a MongoDB sort, with the id last so pages never overlap. */
export function sortOf(sort: AdvancedSearchQuery['sort']): Record<string, 1 | -1> {
  const direction = sort.startsWith('-') ? -1 : 1;
  const fields = SORT_FIELDS[sort.replace(/^-/, '')];
  return { ...Object.fromEntries(fields.map((f) => [f, direction])), _id: 1 };
}
