/**
 * Collects every route's schemas; /api/openapi.json is generated from it. A route that is not
 * registered here is not documented, and the OpenAPI test fails.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from '../../domain/zod';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .openapi('Problem');

export interface DocumentedRoute {
  method: RouteConfig['method'];
  /** Express-style path, e.g. /api/documents/:id */
  path: string;
  summary: string;
  tags: string[];
  /** Roles allowed to call it; [] means any signed-in user, undefined means public. */
  roles?: readonly string[];
  request?: RouteConfig['request'];
  responses: RouteConfig['responses'];
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

export function createApiRegistry() {
  const registry = new OpenAPIRegistry();
  const routes: DocumentedRoute[] = [];
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });

  function document(route: DocumentedRoute): void {
    routes.push(route);
    const openApiPath = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    registry.registerPath({
      method: route.method,
      path: openApiPath,
      summary: route.summary,
      tags: route.tags,
      description: route.roles === undefined ? 'Public.' : route.roles.length ? `Roles: ${route.roles.join(', ')}.` : 'Any signed-in user.',
      security: route.roles === undefined ? [] : [{ bearerAuth: [] }],
      request: route.request,
      responses: {
        ...route.responses,
        ...(route.roles !== undefined && { 401: problemResponse('Not signed in'), 403: problemResponse('Not allowed') }),
        422: problemResponse('Invalid input'),
      },
    });
  }

  function generate(): object {
    return new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: { title: 'Qujat API', version: '1.0.0', description: 'Electronic document routes on durable workflows.' },
      servers: [{ url: '/' }],
    });
  }

  return { document, generate, routes: routes as readonly DocumentedRoute[] };
}

export type ApiRegistry = ReturnType<typeof createApiRegistry>;
