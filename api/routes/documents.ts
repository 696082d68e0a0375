/** /api/documents: create, read, and act on documents. */
import type { RouteKit } from '../route-kit';
import { ACTION_NAMES, actionBodies, createDocumentBody, createDocumentHeaders, documentIdParams, documentView } from '../services/document-schemas';
import type { DocumentService } from '../services/document-service';
import { z } from '../../domain/zod';

export function mountDocumentRoutes(route: RouteKit, documents: DocumentService): void {
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
      const { document, replayed } = await documents.createDocument(actor, body, { idempotencyKey: headers['idempotency-key'] });
      res.location(`/api/documents/${document.id}`);
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      return document;
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
