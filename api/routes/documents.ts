/** /api/documents: create, read, and act on documents. */
import type { RouteKit } from '../route-kit';
import { problems } from '../problem';
import { DESTRUCTION_ACT_TYPE } from '../../domain/records/destruction-effects';
import { ACTION_NAMES, actionBodies, createDocumentBody, createDocumentHeaders, documentIdParams, documentView } from '../services/document-schemas';
import type { DocumentService } from '../services/document-service';
import { z } from '../../domain/zod';
import type { AuthenticatedActor } from '../request-context';

/** Links a created reply to the document it answers (records: api/services/card-service.ts). */
export interface ReplyLinking {
  /** Checks the answered document exists and is visible, before anything is created. */
  replyTarget(actor: AuthenticatedActor, documentId: string): Promise<unknown>;
  linkReply(actor: AuthenticatedActor, documentId: string, answeredId: string): Promise<unknown>;
}

export function mountDocumentRoutes(route: RouteKit, documents: DocumentService, replies?: ReplyLinking): void {
  route(
    {
      method: 'post',
      path: '/api/documents',
      summary: 'Create a document (a draft at the Create point) and start its route',
      tags: ['documents'],
      roles: [],
      body: createDocumentBody,
      headers: createDocumentHeaders,
      response: { status: 201, description: 'The created document (also for a repeated Idempotency-Key, marked Idempotent-Replayed: true)', schema: documentView },
    },
    async ({ actor, body, headers, res }) => {
      const { inReplyTo, ...input } = body;
      // An act typed by hand would list nothing to destroy: acts are compiled from the archive's eligible files.
      if (input.type === DESTRUCTION_ACT_TYPE) throw problems.validation([{ field: 'body.type', message: 'a destruction act is compiled from the archive (POST /api/destruction-acts), not created by hand' }]);
      if (inReplyTo && replies) await replies.replyTarget(actor, inReplyTo);
      const { document, replayed } = await documents.createDocument(actor, input, { idempotencyKey: headers['idempotency-key'] });
      let created = document;
      // A repeated create finds the link already there (its first request made it).
      if (inReplyTo && replies && !created.links.some((l) => l.kind === 'in-reply-to' && l.documentId === inReplyTo)) {
        await replies.linkReply(actor, document.id, inReplyTo);
        created = await documents.get(actor, document.id);
      }
      res.location(`/api/documents/${created.id}`);
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      return created;
    },
  );

  route(
    {
      method: 'get',
      path: '/api/documents/:id',
      summary: 'The document card with the live state of its route',
      tags: ['documents'],
      roles: [],
      params: documentIdParams,
      response: { description: 'The document', schema: documentView },
    },
    async ({ actor, params }) => documents.get(actor, params.id),
  );

  for (const action of ACTION_NAMES) {
    route(
      {
        method: 'post',
        path: `/api/documents/:id/actions/${action}`,
        summary: `Action "${action}" on the document (a Temporal Update; refused with a reason when not allowed now)`,
        tags: ['actions'],
        roles: [],
        params: documentIdParams,
        body: actionBodies[action] as z.ZodTypeAny,
        response: {
          description: 'The document after the action and all its consequences',
          schema: documentView,
          accepted: 'Accepted, but its consequences are still running (e.g. a stage with nobody to act): the document as it is, with `pending`',
        },
      },
      async ({ actor, params, body, res }) => {
        const after = await documents.act(actor, params.id, action, body as never);
        if ('pending' in after) res.locals.status = 202;
        return after;
      },
    );
  }
}
