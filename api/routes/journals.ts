/** /api/journals (administrators edit, registrars read) and /api/registrations/duplicate-check. */
import type { RouteKit } from '../route-kit';
import {
  createJournalBody,
  duplicateCheckBody,
  duplicateCheckResult,
  journalCodeParams,
  journalView,
  registrationsPage,
  registrationsQuery,
  updateJournalBody,
} from '../services/journal-schemas';
import type { JournalService } from '../services/journal-service';
import { z } from '../../domain/zod';

const ADMINS = ['administrator'] as const;
const READERS = ['administrator', 'registrar'] as const;

export function mountJournalRoutes(route: RouteKit, journals: JournalService): void {
  route(
    { method: 'get', path: '/api/journals', summary: 'Registration journals', tags: ['journals'], roles: [...READERS, 'designer'], response: { description: 'Journals', schema: z.array(journalView) } },
    async () => journals.list(),
  );
  route(
    {
      method: 'get',
      path: '/api/journals/:code',
      summary: 'One journal',
      tags: ['journals'],
      roles: READERS,
      params: journalCodeParams,
      response: { description: 'The journal', schema: journalView },
    },
    async ({ params }) => journals.get(params.code),
  );
  route(
    {
      method: 'post',
      path: '/api/journals',
      summary: 'Define a journal (index, number template, width, direction)',
      tags: ['journals'],
      roles: ADMINS,
      body: createJournalBody,
      response: { status: 201, description: 'The journal', schema: journalView },
    },
    async ({ body, res }) => {
      const created = await journals.create(body);
      res.location(`/api/journals/${created.code}`);
      return created;
    },
  );
  route(
    {
      method: 'patch',
      path: '/api/journals/:code',
      summary: 'Change a journal; numbers given from now on follow the change',
      tags: ['journals'],
      roles: ADMINS,
      params: journalCodeParams,
      body: updateJournalBody,
      response: { description: 'The journal', schema: journalView },
    },
    async ({ params, body }) => journals.update(params.code, body),
  );
  route(
    {
      method: 'delete',
      path: '/api/journals/:code',
      summary: 'Delete a journal that holds no registrations (409 otherwise)',
      tags: ['journals'],
      roles: ADMINS,
      params: journalCodeParams,
      response: { status: 204, description: 'Deleted' },
    },
    async ({ params }) => journals.remove(params.code),
  );
  route(
    {
      method: 'get',
      path: '/api/journals/:code/registrations',
      summary: 'The registrations of a journal in a year (Astana time), in number order',
      tags: ['journals'],
      roles: READERS,
      params: journalCodeParams,
      query: registrationsQuery,
      response: { description: 'Registrations', schema: registrationsPage },
    },
    async ({ params, query }) => journals.registrations(params.code, query),
  );
  route(
    {
      method: 'post',
      path: '/api/registrations/duplicate-check',
      summary: "Duplicate check of a paper incoming document by the sender's outgoing number, its date and the correspondent",
      tags: ['journals'],
      roles: ['registrar'],
      body: duplicateCheckBody,
      response: { description: 'Registered originals it duplicates (register with duplicateOf to get "<number>,<n>")', schema: duplicateCheckResult },
    },
    async ({ body }) => journals.duplicateCheck(body),
  );
}
