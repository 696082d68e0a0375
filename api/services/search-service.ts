/**
 * Global and advanced document search over the cards' search fields (docs/search.md). Every query is
 * filtered by what the caller may see before anything is matched or counted, so neither the items nor the
 * totals tell anyone about documents they may not see.
 */
import { relevance } from '../../activities/search/ranking';
import { layoutOf, type SearchLayout } from '../../activities/search/search-layout';
import { queryTerms } from '../../activities/search/tokenizer';
import type { Models } from '../../db/models';
import type { DocumentStatus } from '../../workflows/lib/document-state';
import type { AuthenticatedActor } from '../request-context';
import { advancedCriteria, allOf, sortOf, termsFilter, visibilityFilter, type Filter } from './search-filters';
import { RANKED_CANDIDATES, type AdvancedSearchQuery, type GlobalSearchQuery } from './search-schemas';
import type { SubstitutionService } from './substitution-service';

export interface SearchServiceDeps {
  models: Pick<Models, 'DocumentSearch'>;
  substitutions: Pick<SubstitutionService, 'representationsOf'>;
  now?: () => Date;
  /** Normally detected from the database (search-layout). */
  layout?: SearchLayout;
}

/** What a hit shows: the headline fields of the card, never the tokens (large, and of no use to the caller). */
const HIT_FIELDS = {
  _id: 1,
  type: 1,
  title: 1,
  status: 1,
  language: 1,
  authorId: 1,
  draftNumber: 1,
  registrationJournal: 1,
  registrationNumber: 1,
  registeredAt: 1,
  correspondent: 1,
  createdAt: 1,
  cardUpdatedAt: 1,
  openDueAt: 1,
} as const;

interface HitRow {
  _id: string;
  type: string;
  title: string;
  status: DocumentStatus;
  language?: 'kk' | 'ru' | null;
  authorId: string;
  draftNumber?: string | null;
  registrationJournal?: string | null;
  registrationNumber?: string | null;
  registeredAt?: Date | null;
  correspondent?: string | null;
  createdAt: Date;
  cardUpdatedAt: Date;
  openDueAt?: Date | null;
  words?: string;
}

function hitOf(row: HitRow, now: Date) {
  const due = row.openDueAt ?? undefined;
  const registration = row.registrationNumber
    ? {
        journal: row.registrationJournal ?? undefined,
        number: row.registrationNumber,
        registeredAt: row.registeredAt ? new Date(row.registeredAt).toISOString() : undefined,
      }
    : undefined;
  return {
    id: row._id,
    type: row.type,
    title: row.title,
    status: row.status,
    language: row.language ?? undefined,
    authorId: row.authorId,
    draftNumber: row.draftNumber ?? undefined,
    registration,
    correspondent: row.correspondent ?? undefined,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.cardUpdatedAt).toISOString(),
    dueAt: due ? new Date(due).toISOString() : undefined,
    overdue: !!due && new Date(due).getTime() < now.getTime(),
  };
}

export function createSearchService(deps: SearchServiceDeps) {
  const { DocumentSearch } = deps.models;
  const now = deps.now ?? (() => new Date());
  const layout = (): Promise<SearchLayout> => (deps.layout ? Promise.resolve(deps.layout) : layoutOf(DocumentSearch.db));

  async function visibleTo(actor: AuthenticatedActor, at: Date): Promise<Filter> {
    return visibilityFilter(actor, await deps.substitutions.representationsOf(actor.employeeId, at), await layout());
  }

  /**
   * One box over every card the caller may see. Matches are all cards holding every term; of those, the
   * RANKED_CANDIDATES most recently changed are ranked by relevance (the total still counts them all).
   */
  async function global(actor: AuthenticatedActor, query: GlobalSearchQuery) {
    const at = now();
    const terms = queryTerms(query.q);
    const filter = allOf([await visibleTo(actor, at), ...termsFilter(terms, await layout())]);
    const rows = await DocumentSearch.find(filter, { ...HIT_FIELDS, words: 1 })
      .sort({ cardUpdatedAt: -1, _id: 1 })
      .limit(RANKED_CANDIDATES + 1)
      .lean<HitRow[]>();
    const truncated = rows.length > RANKED_CANDIDATES;
    // Counting scans again; only needed when the candidates did not hold every match.
    const total = truncated ? await DocumentSearch.countDocuments(filter) : rows.length;
    const ranked = rows
      .slice(0, RANKED_CANDIDATES)
      .map((row) => ({ row, rel: relevance(terms, row.words ?? '') }))
      // Stable sort: equal scores keep the recency order of the query.
      .sort((a, b) => b.rel.score - a.rel.score);
    const start = (query.page - 1) * query.pageSize;
    return {
      q: query.q,
      terms: terms.map((t) => t.canonical),
      page: query.page,
      pageSize: query.pageSize,
      total,
      truncated,
      items: ranked.slice(start, start + query.pageSize).map(({ row, rel }) => ({ ...hitOf(row, at), score: rel.score, matched: rel.matched })),
    };
  }

  /** Field by field, combinable (AND), sorted and paged by the database. */
  async function advanced(actor: AuthenticatedActor, query: AdvancedSearchQuery) {
    const at = now();
    const keyword = query.q ? termsFilter(queryTerms(query.q), await layout()) : [];
    const filter = allOf([await visibleTo(actor, at), ...advancedCriteria(query, at, await layout()), ...keyword]);
    const skip = (query.page - 1) * query.pageSize;
    const rows = await DocumentSearch.find(filter, HIT_FIELDS).sort(sortOf(query.sort)).skip(skip).limit(query.pageSize).lean<HitRow[]>();
    // A short page tells the total without counting (a second full read on the embedded database).
    const total = rows.length < query.pageSize && (rows.length > 0 || skip === 0) ? skip + rows.length : await DocumentSearch.countDocuments(filter);
    return { page: query.page, pageSize: query.pageSize, total, sort: query.sort, items: rows.map((row) => hitOf(row, at)) };
  }

  return { global, advanced };
}

export type SearchService = ReturnType<typeof createSearchService>;
