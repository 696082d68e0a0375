/** GET /api/openapi.json: the OpenAPI 3.1 document generated from the same schemas that validate. */
import type { ApiRegistry } from '../openapi/registry';
import type { RouteKit } from '../route-kit';
import { z } from '../../domain/zod';

export function mountOpenApiRoutes(route: RouteKit, registry: ApiRegistry): void {
  let cached: object | undefined;
  route(
    {
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This API, described in OpenAPI 3.1',
      tags: ['system'],
      response: { description: 'The OpenAPI document', schema: z.record(z.unknown()) },
    },
    // Generated on first use, after every route has registered itself.
    async () => (cached ??= registry.generate()),
  );
}
