/** /api/oversight/read-log and /api/documents/:id/readers: who read what, for auditors (docs/oversight.md). */
import { z } from '../../domain/zod';
import { READ_KINDS, READ_OUTCOMES } from '../../db/models/oversight';
import type { RouteKit } from '../route-kit';
import type { AuthenticatedActor } from '../request-context';
import { documentIdParams } from './document-schemas';
import type { ReadLog } from './read-log-service';

const AUDITORS = ['auditor'] as const;
const instant = z.string().datetime({ offset: true });

const readEntryView = z
  .object({
    id: z.string(),
    at: z.string(),
    atAstana: z.string(),
    actorId: z.string().optional(),
    actorName: z.string().optional(),
    kind: z.enum(READ_KINDS),
    documentId: z.string().optional(),
    resource: z.string().optional(),
    query: z.string().optional(),
    status: z.number(),
    outcome: z.enum(READ_OUTCOMES),
    source: z.string().optional(),
  })
  .openapi('ReadLogEntry');

export const readersView = z
  .object({
    documentId: z.string(),
    readers: z.array(
      z.object({ actorId: z.string().optional(), actorName: z.string().optional(), reads: z.number(), refused: z.number(), firstAt: z.string(), lastAt: z.string() }),
    ),
    entries: z.array(readEntryView),
  })
  .openapi('DocumentReaders');

const verifyView = z
  .object({
    ok: z.boolean(),
    batches: z.number(),
    entries: z.number(),
    firstProblem: z
      .object({
        problem: z.enum(['link-altered', 'link-broken', 'missing-link', 'entries-altered']),
        seq: z.number(),
        batchKey: z.string().optional(),
        expectedCount: z.number().optional(),
        foundCount: z.number().optional(),
      })
      .optional(),
    unchainedBatches: z.array(z.string()),
  })
  .openapi('ReadLogVerification');

const readLogQuery = z
  .object({
    documentId: z.string().max(64).optional(),
    actorId: z.string().max(64).optional(),
    kind: z.enum(READ_KINDS).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export function mountReadLogRoutes(route: RouteKit, deps: { readLog: ReadLog; loadVisible: (actor: AuthenticatedActor, id: string) => Promise<unknown> }): void {
  route(
    {
      method: 'get',
      path: '/api/oversight/read-log',
      summary: 'The read log: document cards opened, files downloaded, searches run (who, what, when, from where, shown or refused), newest first',
      tags: ['oversight'],
      roles: AUDITORS,
      query: readLogQuery,
      response: { description: 'Entries', schema: z.array(readEntryView) },
    },
    async ({ query }) => {
      await deps.readLog.flush(); // what was read a moment ago is in the answer
      return deps.readLog.find({ ...query, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined });
    },
  );

  route(
    {
      method: 'get',
      path: '/api/oversight/read-log/verify',
      summary: "Verify the read log's hash chain; names the first batch whose entries or link were altered",
      tags: ['oversight'],
      roles: ['auditor', 'administrator'],
      response: { description: 'The verdict', schema: verifyView },
    },
    async () => deps.readLog.verify(),
  );

  route(
    {
      method: 'get',
      path: '/api/documents/:id/readers',
      summary: 'Who saw this document: each reader with their reads and refusals, and the latest entries',
      tags: ['oversight'],
      roles: AUDITORS,
      params: documentIdParams,
      response: { description: 'Readers', schema: readersView },
    },
    async ({ actor, params }) => {
      await deps.loadVisible(actor, params.id);
      await deps.readLog.flush();
      return deps.readLog.readersOf(params.id);
    },
  );
}
