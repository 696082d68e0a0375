/**
 * Global and advanced document search over the cards' search fields (docs/search.md). Every query is
 * filtered by what the caller may see before anything is matched or counted, so neither the items nor the
 * totals tell anyone about documents they may not see.
 *
 * Two paths give the same answers: the database (`document_search`, with the filters of search-filters.ts),
 * and an in-memory index of the same records kept in step through the search feed (search-memory-index.ts).
 * The embedded FerretDB reads every record for every query, so there the in-memory index answers; MongoDB
 * answers from its indexes, so there the database does (`memoryIndex: 'auto'`). While the in-memory index
 * loads, queries wait for it; if it cannot load, they go to the database.
 */
import { createScorer } from '../../domain/search/ranking';
import { layoutOf, type SearchLayout } from '../../domain/search/search-layout';
import { queryTerms, type QueryTerm } from '../../domain/search/tokenizer';
import type { Models } from '../../db/models';
import type { AuthenticatedActor } from '../request-context';
import { advancedCriteria, allOf, sortOf, termsFilter, visibilityFilter, type Filter } from './search-filters';
import { HIT_FIELDS, hitOf, type HitRow } from './search-hits';
import { createSearchMemoryIndex, type SearchMemoryIndex } from './search-memory-index';
import type { SearchStore } from './search-memory/store';
import { viewerOf } from './search-memory/viewer';
import { RANKED_CANDIDATES, type AdvancedSearchQuery, type GlobalSearchQuery } from './search-schemas';
import type { Representation, SubstitutionService } from './substitution-service';

export interface SearchServiceDeps {
  models: Pick<Models, 'DocumentSearch'>;
  substitutions: Pick<SubstitutionService, 'representationsOf'>;
  now?: () => Date;
  /** Normally detected from the database (search-layout). */
  layout?: SearchLayout;
  /**
   * 'auto' (default): in memory on the embedded database ("joined" layout), the database on MongoDB;
   * 'on': always in memory (falling back to the database while it cannot load); 'off': always the database.
   */
  memoryIndex?: 'auto' | 'on' | 'off';
  /** Told when the in-memory index fails to load (it is tried again at the next query). */
  onIndexError?: (error: unknown) => void;
  /** How often the in-memory index reports its feed position (tests: 0 = at every query). */
  memoryReportEveryMs?: number;
}

type Candidates = { rows: Array<HitRow & { tagged?: string[] }>; total: number };

export function createSearchService(deps: SearchServiceDeps) {
  const { DocumentSearch } = deps.models;
  const now = deps.now ?? (() => new Date());
  const layout = (): Promise<SearchLayout> => (deps.layout ? Promise.resolve(deps.layout) : layoutOf(DocumentSearch.db));
  const mode = deps.memoryIndex ?? 'auto';
  let memory: SearchMemoryIndex | undefined;

  /** The in-memory store caught up with the feed, when this service uses one and it is loaded. */
  async function memoryStore(): Promise<SearchStore | undefined> {
    if (mode === 'off' || (mode === 'auto' && (await layout()) !== 'joined')) return undefined;
    memory ??= createSearchMemoryIndex(DocumentSearch, { onError: deps.onIndexError, reportEveryMs: deps.memoryReportEveryMs });
    return memory.current();
  }

  const representations = (actor: AuthenticatedActor, at: Date): Promise<Representation[]> => deps.substitutions.representationsOf(actor.employeeId, at);

  async function visibleTo(actor: AuthenticatedActor, at: Date): Promise<Filter> {
    return visibilityFilter(actor, await representations(actor, at), await layout());
  }

  /** The RANKED_CANDIDATES + 1 most recently changed matches, with their ranking words, and the total. */
  async function globalCandidates(actor: AuthenticatedActor, terms: QueryTerm[], at: Date): Promise<Candidates> {
    const store = await memoryStore();
    if (store) return store.global(terms, viewerOf(actor, await representations(actor, at)), RANKED_CANDIDATES + 1);
    const filter = allOf([await visibleTo(actor, at), ...termsFilter(terms, await layout())]);
    const rows = await DocumentSearch.find(filter, { ...HIT_FIELDS, words: 1 })
      .sort({ cardUpdatedAt: -1, _id: 1 })
      .limit(RANKED_CANDIDATES + 1)
      .lean<HitRow[]>();
    // Counting scans again; only needed when the candidates did not hold every match.
    const total = rows.length > RANKED_CANDIDATES ? await DocumentSearch.countDocuments(filter) : rows.length;
    return { rows, total };
  }

  /**
   * One box over every card the caller may see. Matches are all cards holding every term; of those, the
   * RANKED_CANDIDATES most recently changed are ranked by relevance (the total still counts them all).
   */
  async function global(actor: AuthenticatedActor, query: GlobalSearchQuery) {
    const at = now();
    const terms = queryTerms(query.q);
    const { rows, total } = await globalCandidates(actor, terms, at);
    const truncated = rows.length > RANKED_CANDIDATES;
    const score = createScorer(terms);
    const ranked = rows
      .slice(0, RANKED_CANDIDATES)
      .map((row) => ({ row, rel: score(row.tagged ?? (row.words ?? '').split(' ').filter(Boolean)) }))
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
      items: ranked.slice(start, start + query.pageSize).map(({ row, rel }) => ({ ...hitOf(row, at, terms), score: rel.score, matched: rel.matched })),
    };
  }

  /** Field by field, combinable (AND), sorted and paged. */
  async function advanced(actor: AuthenticatedActor, query: AdvancedSearchQuery) {
    const at = now();
    const terms = query.q ? queryTerms(query.q) : [];
    const store = await memoryStore();
    let page: Candidates;
    if (store) page = store.advanced(query, terms, viewerOf(actor, await representations(actor, at)), at);
    else {
      const filter = allOf([await visibleTo(actor, at), ...advancedCriteria(query, at, await layout()), ...termsFilter(terms, await layout())]);
      const skip = (query.page - 1) * query.pageSize;
      const rows = await DocumentSearch.find(filter, HIT_FIELDS).sort(sortOf(query.sort)).skip(skip).limit(query.pageSize).lean<HitRow[]>();
      // A short page tells the total without counting (a second full read on the embedded database).
      const total = rows.length < query.pageSize && (rows.length > 0 || skip === 0) ? skip + rows.length : await DocumentSearch.countDocuments(filter);
      page = { rows, total };
    }
    return { page: query.page, pageSize: query.pageSize, total: page.total, sort: query.sort, items: page.rows.map((row) => hitOf(row, at, terms)) };
  }

  return {
    global,
    advanced,
    /** Starts loading the in-memory index now rather than at the first query (a no-op when it is not used). */
    async warmUp(): Promise<void> {
      await memoryStore();
    },
    /** Load time, record count and feed entries applied by the in-memory index (undefined when unused). */
    memoryStats: () => memory?.stats,
    /** The in-memory index's id in the search feed's reader registry (undefined before it is loaded). */
    memoryReaderId: () => memory?.readerId,
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
