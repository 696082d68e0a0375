/** GET /api/inbox?view=…: a person's task lists, paged and sorted, read from MongoDB only. */
import type { Models } from '../../db/models';
import { INBOX_VIEWS } from '../../db/models/inbox-entry';
import type { RouteKit } from '../route-kit';
import type { SubstitutionService } from '../services/substitution-service';
import { z } from '../../domain/zod';
import { countsView, inboxPage } from '../services/inbox-schemas';

const inboxQuery = z
  .object({
    view: z.enum(INBOX_VIEWS),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
    sort: z.enum(['openedAt', '-openedAt', 'dueAt', '-dueAt', 'title', '-title']).default('-openedAt'),
  })
  .strict();



export function mountInboxRoutes(route: RouteKit, deps: { models: Models; substitutions: SubstitutionService }): void {
  const { InboxEntry } = deps.models;

  /** A substitute sees the tasks of everyone they stand in for (within the substitution's scope), marked as such. */
  async function owners(employeeId: string): Promise<Record<string, unknown>> {
    return deps.substitutions.inboxOwnerFilter(employeeId, new Date());
  }

  function filterOf(view: (typeof INBOX_VIEWS)[number], ownerFilter: Record<string, unknown>) {
    const now = new Date();
    return view === 'overdue' ? { ...ownerFilter, dueAt: { $lt: now } } : { ...ownerFilter, view };
  }

  route(
    {
      method: 'get',
      path: '/api/inbox',
      summary: 'My task list for one view (For approval, For signing, …, Overdue)',
      tags: ['inbox'],
      roles: [],
      query: inboxQuery,
      response: { description: 'One page of the view', schema: inboxPage },
    },
    async ({ actor, query }) => {
      const filter = filterOf(query.view, await owners(actor.employeeId));
      const field = query.sort.replace('-', '');
      const direction = query.sort.startsWith('-') ? -1 : 1;
      const [total, rows] = await Promise.all([
        InboxEntry.countDocuments(filter),
        InboxEntry.find(filter)
          .sort({ [field]: direction, _id: 1 })
          .skip((query.page - 1) * query.pageSize)
          .limit(query.pageSize)
          .lean(),
      ]);
      return {
        view: query.view,
        page: query.page,
        pageSize: query.pageSize,
        total,
        items: rows.map((r) => ({
          documentId: r.documentId,
          taskId: r.taskId,
          title: r.title,
          documentType: r.documentType,
          status: r.status,
          stageId: r.stageId ?? undefined,
          ownerId: r.ownerId,
          onBehalfOf: r.ownerId !== actor.employeeId ? r.ownerId : undefined,
          openedAt: r.openedAt.toISOString(),
          dueAt: r.dueAt ? r.dueAt.toISOString() : undefined,
          overdue: r.overdue || (!!r.dueAt && r.dueAt.getTime() < Date.now()),
        })),
      };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/inbox/counts',
      summary: 'How many items each of my views holds',
      tags: ['inbox'],
      roles: [],
      response: { description: 'Counts per view', schema: countsView },
    },
    async ({ actor }) => {
      // One read of the person's entries, counted here: a count per view would read the collection once per view
      // on the embedded database (no secondary indexes), and a person's inbox is small. Same rules as filterOf.
      const rows = await InboxEntry.find(await owners(actor.employeeId), { view: 1, dueAt: 1 }).lean();
      const now = Date.now();
      const counts: Record<string, number> = {};
      for (const view of INBOX_VIEWS) {
        counts[view] = rows.filter((r) => (view === 'overdue' ? !!r.dueAt && r.dueAt.getTime() < now : r.view === view)).length;
      }
      return counts;
    },
  );
}
