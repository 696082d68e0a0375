/** /api/search: global (one box, ranked) and advanced (field by field) search over the documents one may see. */
import type { RouteKit } from '../route-kit';
import { advancedSearchPage, advancedSearchQuery, globalSearchPage, globalSearchQuery } from '../services/search-schemas';
import type { SearchService } from '../services/search-service';

export function mountSearchRoutes(route: RouteKit, search: SearchService): void {
  route(
    {
      method: 'get',
      path: '/api/search',
      summary: 'Search every document I may see by a keyword (title, numbers, correspondent, text, people), ranked by relevance',
      tags: ['search'],
      roles: [],
      query: globalSearchQuery,
      response: { description: 'One page of the ranked matches', schema: globalSearchPage },
    },
    async ({ actor, query }) => search.global(actor, query),
  );

  route(
    {
      method: 'get',
      path: '/api/search/advanced',
      summary: 'Search the documents I may see field by field (journal, numbers, dates, status, people, correspondent, control, overdue)',
      tags: ['search'],
      roles: [],
      query: advancedSearchQuery,
      response: { description: 'One page of the matches in the chosen order', schema: advancedSearchPage },
    },
    async ({ actor, query }) => search.advanced(actor, query),
  );
}
