/** Auditors: the chain check, the events, and per document the timeline, the raw history, the state at T and a replay. */
import { z } from '../../domain/zod';
import type { RouteKit } from '../route-kit';
import type { AuditService } from '../services/audit-service';
import type { DocumentHistoryService } from '../services/document-history-service';
import { documentIdParams } from '../services/document-schemas';

const AUDIT = ['auditor', 'administrator'] as const;
const instant = z.string().datetime({ offset: true });

const verifyView = z
  .object({
    ok: z.boolean(),
    checked: z.number(),
    brokenAt: z
      .object({
        seq: z.number(),
        problem: z.enum(['content-altered', 'link-broken', 'missing-event']),
        eventKey: z.string().optional(),
        type: z.string().optional(),
        at: z.string().optional(),
        documentId: z.string().optional(),
      })
      .optional(),
  })
  .openapi('AuditVerification');

const eventsQuery = z
  .object({
    documentId: z.string().max(64).optional(),
    actorId: z.string().max(64).optional(),
    type: z.string().max(100).optional(),
    from: instant.optional(),
    to: instant.optional(),
    afterSeq: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

const atQuery = z.object({ at: instant.optional().openapi({ description: 'The instant; omitted = now.' }) }).strict();

export function mountAuditRoutes(route: RouteKit, deps: { audit: AuditService; history: DocumentHistoryService }): void {
  route(
    {
      method: 'get',
      path: '/api/audit/verify',
      summary: 'Verify the audit hash chain; names the first altered, removed or reordered event',
      tags: ['audit'],
      roles: AUDIT,
      response: { description: 'The verdict', schema: verifyView },
    },
    async () => deps.audit.verify(),
  );

  route(
    {
      method: 'get',
      path: '/api/audit/events',
      summary: 'Audit events in chain order, filtered (times also in Astana time)',
      tags: ['audit'],
      roles: AUDIT,
      query: eventsQuery,
      response: { description: 'A page of events', schema: z.object({ items: z.array(z.record(z.unknown())), nextAfterSeq: z.number().optional() }) },
    },
    async ({ query }) => deps.audit.events({ ...query, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined }),
  );

  route(
    {
      method: 'get',
      path: '/api/documents/:id/history',
      summary: 'The business timeline of a document: who did what, on whose behalf, when, under which route version, with signature verdicts',
      tags: ['audit'],
      roles: AUDIT,
      params: documentIdParams,
      response: { description: 'The timeline', schema: z.object({ documentId: z.string(), route: z.object({ key: z.string(), version: z.number() }), workflowHistoryAvailable: z.boolean(), entries: z.array(z.record(z.unknown())) }) },
    },
    async ({ actor, params }) => deps.history.timeline(actor, params.id),
  );

  route(
    {
      method: 'get',
      path: '/api/documents/:id/history/export',
      summary: 'Download the document workflow\'s Temporal history (JSON, replayable with client/replay-document.ts)',
      tags: ['audit'],
      roles: AUDIT,
      params: documentIdParams,
      response: { description: 'The history as Temporal JSON', schema: z.record(z.unknown()) },
    },
    async ({ actor, params, res }) => {
      const { filename, json } = await deps.history.exportHistory(actor, params.id);
      res.status(200).type('application/json').attachment(filename).send(json);
      return undefined;
    },
  );

  route(
    {
      method: 'get',
      path: '/api/documents/:id/history/state',
      summary: 'The card as it was at an instant, from the recorded snapshots (with a hash check against the audit chain)',
      tags: ['audit'],
      roles: AUDIT,
      params: documentIdParams,
      query: atQuery,
      response: { description: 'The state at T', schema: z.record(z.unknown()) },
    },
    async ({ actor, params, query }) => deps.history.stateAt(actor, params.id, query.at ? new Date(query.at) : undefined),
  );

  route(
    {
      method: 'post',
      path: '/api/documents/:id/replay',
      summary: 'Replay the document\'s history against the current workflow code: deterministic? same states? the state at T',
      tags: ['audit'],
      roles: AUDIT,
      params: documentIdParams,
      body: atQuery,
      response: { description: 'The replay report', schema: z.record(z.unknown()) },
    },
    async ({ actor, params, body }) => deps.history.replay(actor, params.id, body.at ? new Date(body.at) : undefined),
  );
}
