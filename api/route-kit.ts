/**
 * Declares an endpoint once: its OpenAPI entry, who may call it, and how its input is validated.
 * Handlers receive parsed input and the actor, and return the response body.
 */
import type { Request, Response, Router } from 'express';
import type { ZodTypeAny, z } from 'zod';
import type { Role } from '../db/models/employee';
import type { ApiRegistry } from './openapi/registry';
import { HttpProblem, problems } from './problem';
import type { AuthenticatedActor } from './request-context';
import { parseOrThrow } from './validation';

type Infer<S> = S extends ZodTypeAny ? z.output<S> : undefined;

export interface RouteSpec<
  P extends ZodTypeAny | undefined,
  Q extends ZodTypeAny | undefined,
  B extends ZodTypeAny | undefined,
  H extends ZodTypeAny | undefined = undefined,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tags: string[];
  /** undefined: public; []: any signed-in user; otherwise one of these roles. */
  roles?: readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the endpoint reads (names in lower case), validated and documented like the rest. */
  headers?: H;
  response: { status?: number; description: string; schema?: ZodTypeAny; contentType?: string; accepted?: string };
}

export interface HandlerContext<P, Q, B, H = undefined> {
  params: P;
  query: Q;
  body: B;
  headers: H;
  actor: AuthenticatedActor;
  req: Request;
  res: Response;
}

export interface RouteKitDeps {
  registry: ApiRegistry;
  /** Runs for a signed-in caller of every non-public endpoint before the role check (the first-login agreement gate). */
  guard?: (req: Request, spec: { path: string }) => Promise<void>;
  /**
   * For every `/api/documents/:id…` endpoint a caller's role does not allow: loads the document as its card does,
   * throwing the card's own 404 when the caller may not see it, so no sub-resource tells an outsider more (a 403)
   * than the card itself does.
   */
  documentGate?: (actor: AuthenticatedActor, documentId: string) => Promise<unknown>;
}

export function createRouteKit(router: Router, deps: RouteKitDeps) {
  return function route<
    P extends ZodTypeAny | undefined,
    Q extends ZodTypeAny | undefined,
    B extends ZodTypeAny | undefined,
    H extends ZodTypeAny | undefined = undefined,
  >(spec: RouteSpec<P, Q, B, H>, handler: (ctx: HandlerContext<Infer<P>, Infer<Q>, Infer<B>, Infer<H>>) => Promise<unknown>): void {
    const status = spec.response.status ?? 200;
    deps.registry.document({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tags: spec.tags,
      roles: spec.roles,
      request: {
        ...(spec.params && { params: spec.params as never }),
        ...(spec.query && { query: spec.query as never }),
        ...(spec.headers && { headers: spec.headers as never }),
        ...(spec.body && { body: { content: { 'application/json': { schema: spec.body } }, required: true } }),
      },
      responses: {
        [status]: {
          description: spec.response.description,
          ...(spec.response.schema && { content: { [spec.response.contentType ?? 'application/json']: { schema: spec.response.schema } } }),
        },
        // The same body with 202 when the work the request started is still running (see `accepted`).
        ...(spec.response.accepted && {
          202: { description: spec.response.accepted, ...(spec.response.schema && { content: { 'application/json': { schema: spec.response.schema } } }) },
        }),
      },
    });

    router[spec.method](spec.path, async (req: Request, res: Response) => {
      // Refusals are audited by the error handler, like those decided deeper down.
      if (spec.roles !== undefined) {
        if (!req.actor) throw problems.unauthorized();
        if (deps.guard) await deps.guard(req, spec);
        const allowed = spec.roles.length === 0 || spec.roles.some((r) => req.actor!.roles.includes(r));
        if (!allowed) {
          const refusal = `This needs one of the roles: ${spec.roles.join(', ')}.`;
          if (deps.documentGate && spec.path.startsWith('/api/documents/:id') && typeof req.params.id === 'string') {
            await deps.documentGate(req.actor, req.params.id).catch((error: unknown) => {
              if (error instanceof HttpProblem) error.auditedRefusal = `${refusal} (answered as the document's card: ${error.status})`;
              throw error;
            });
          }
          throw problems.forbidden(refusal);
        }
      }
      if (spec.body && !req.is('application/json')) {
        throw problems.unsupportedMediaType('Send the body as application/json.');
      }
      const ctx = {
        params: (spec.params ? parseOrThrow(spec.params, req.params, 'params') : undefined) as Infer<P>,
        query: (spec.query ? parseOrThrow(spec.query, req.query, 'query') : undefined) as Infer<Q>,
        body: (spec.body ? parseOrThrow(spec.body, req.body ?? {}, 'body') : undefined) as Infer<B>,
        headers: (spec.headers ? parseOrThrow(spec.headers, req.headers, 'headers') : undefined) as Infer<H>,
        actor: req.actor as AuthenticatedActor,
        req,
        res,
      };
      const body = await handler(ctx);
      if (res.headersSent) return;
      // A handler may answer with another documented status (e.g. 202 for an action still running).
      const answered = typeof res.locals.status === 'number' ? res.locals.status : status;
      if (body === undefined) res.status(answered === 200 ? 204 : answered).end();
      else res.status(answered).json(body);
    });
  };
}

export type RouteKit = ReturnType<typeof createRouteKit>;
